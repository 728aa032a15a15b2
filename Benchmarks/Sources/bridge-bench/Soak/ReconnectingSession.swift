import BenchCore
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Where a reconnecting session's current connection stands (`leaving`: the session ends it on purpose).
enum SessionState { case idle, connecting, awaitingWelcome, replaying, open, leaving, down, finished }

/// A `FrameSession` that opens its connections itself, one after another (a soak or storm session):
/// `start` opens the first, `open` each one, `finish` closes for good. Confined to its event loop.
protocol ReconnectingSession: FrameSession {
    var eventLoop: any EventLoop { get }
    /// The local address its connections are made from; nil: the kernel chooses.
    var source: SocketAddress? { get }
    var state: SessionState { get set }
    var channel: (any Channel)? { get set }
    /// Counts connections; news from an older one is ignored.
    var generation: Int { get set }
    var firstWelcome: EventLoopPromise<Void>? { get set }
    /// Opens the next connection.
    func connect()
    /// The connection being opened could not be.
    func connectionFailed()
}

extension ReconnectingSession {
    var isOpen: Bool { state == .open || state == .replaying }

    /// First connection; `welcomed` completes on the first `bridge:welcome`.
    func start(welcomed: EventLoopPromise<Void>, timeoutSeconds: Double) {
        firstWelcome = welcomed
        connect()
        eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(timeoutSeconds * 1000))) {
            guard let p = self.firstWelcome else { return }
            self.firstWelcome = nil
            self.finish()
            p.fail(BenchError("no welcome within \(Int(timeoutSeconds)) s"))
        }
    }

    /// Opens connection `gen` to `target`: sends `request`, then `firstFrames` once upgraded.
    /// `receiveBuffer` (bytes) shrinks the socket's receive buffer, as a slow reader's.
    func open(generation gen: Int, to target: SocketAddress, request: ByteBuffer, firstFrames: [String],
              connectTimeout: TimeAmount, receiveBuffer: Int? = nil) {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SoakConnection(session: bound.value, generation: gen, request: request, firstFrames: firstFrames))
                }.flatMap {
                    // Abortive close: no TIME_WAIT left behind by thousands of reconnects.
                    (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                        ?? channel.eventLoop.makeSucceededVoidFuture()
                }
            }
        if let receiveBuffer { bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer)) }
        if let source { bootstrap = bootstrap.bind(to: source) }
        bootstrap.connect(to: target).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                guard gen == self.generation, self.state != .finished else { channel.close(promise: nil); return }
                self.channel = channel
                if self.state == .connecting { self.state = .awaitingWelcome }
            case .failure:
                guard gen == self.generation, self.state == .connecting else { return }
                self.connectionFailed()
            }
        }
    }

    /// Closes for good (the end of the run).
    func finish() {
        generation += 1
        state = .finished
        channel?.close(promise: nil)
        channel = nil
    }
}
