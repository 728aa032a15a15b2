import BenchCore
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Settings every soak session shares.
struct SoakSetup: Sendable {
    let url: WebSocketURL
    let target: SocketAddress
    let sources: [SocketAddress]
    /// Longest stop of a slow reader, in seconds.
    let maxPauseSeconds: Double
}

/// One simulated user session across all its connections: it keeps every event number it
/// received, reconnects with `last_id` (in the query or as `bridge:resume` + `bridge:auth`
/// frames) whenever a connection ends, and plays its kind's part (slow reads, drops, bad frames).
/// Confined to its event loop.
final class SoakSession {
    /// Where the current connection stands (`leaving`: the session ends it on purpose).
    enum State { case idle, connecting, awaitingWelcome, replaying, open, leaving, down, finished }

    let index: Int
    let kind: SoakKind
    let loop: SoakLoop
    let eventLoop: any EventLoop
    let setup: SoakSetup
    let token: String
    let source: SocketAddress?
    var rng: SoakRandom
    var received: [UInt32] = []
    var stats = SoakSessionStats()
    var everConnected = false
    var sentinelSeen = false
    var sessionId: String?
    var state = State.idle
    var channel: (any Channel)?
    var generation = 0
    var epoch: UInt64 = 0
    var lastSeq: UInt64 = 0
    var resuming = false
    var replayCount = 0
    var closeCode: UInt16?
    var expectingTooLarge = false
    var paused = false
    /// Bytes of frames read so far, and when the current catch-up after a pause began.
    var bytesRead = 0
    var catchUpFrom: Int?
    var firstWelcome: EventLoopPromise<Void>?

    init(index: Int, kind: SoakKind, loop: SoakLoop, eventLoop: any EventLoop, setup: SoakSetup, token: String) {
        self.index = index
        self.kind = kind
        self.loop = loop
        self.eventLoop = eventLoop
        self.setup = setup
        self.token = token
        source = setup.sources.isEmpty ? nil : setup.sources[index % setup.sources.count]
        rng = SoakRandom(seed: UInt64(index) &* 7919)
        stats.sessions = 1
    }

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

    private func connect() {
        generation += 1
        let gen = generation
        state = .connecting
        closeCode = nil
        expectingTooLarge = false
        let lastId: String? = epoch > 0 ? "\(epoch)-\(lastSeq)" : nil
        resuming = lastId != nil
        var target = setup.url.pathAndQuery
        var firstFrames: [String] = []
        if let lastId, rng.chance(0.5) {
            // Resume and authenticate by frames: the resume is remembered until the welcome.
            firstFrames = [#"{"type":"bridge:resume","last_id":"\#(lastId)"}"#, #"{"type":"bridge:auth","token":"\#(token)"}"#]
        } else {
            target += (target.contains("?") ? "&" : "?") + "token=" + token
            if let lastId { target += "&last_id=" + lastId }
        }
        let host = "\(setup.url.host):\(setup.url.port)"
        let request = ByteBuffer(string: "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: c29hay1zZXNzaW9uLWtleQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://\(host)\r\n\r\n")
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let frames = firstFrames
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SoakConnection(session: bound.value, generation: gen, request: request, firstFrames: frames))
                }.flatMap {
                    // Abortive close: no TIME_WAIT left behind by thousands of reconnects.
                    (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                        ?? channel.eventLoop.makeSucceededVoidFuture()
                }
            }
        if kind == .slow { bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: 32 * 1024) }
        if let source { bootstrap = bootstrap.bind(to: source) }
        bootstrap.connect(to: setup.target).assumeIsolated().whenComplete { result in
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

    func connectionFailed() {
        stats.connectFailures += 1
        state = .down
        if !everConnected, let p = firstWelcome {
            firstWelcome = nil
            p.fail(BenchError("session \(index) could not connect"))
            return
        }
        reconnect(after: 1)
    }

    func reconnect(after seconds: Double) {
        state = .down
        eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            if self.state == .down { self.connect() }
        }
    }

    // MARK: End of the run

    /// Closes for good (the end of the run).
    func finish() {
        generation += 1
        state = .finished
        channel?.close(promise: nil)
        channel = nil
    }

    func record() -> SoakSessionRecord {
        var s = stats
        s.open = isOpen ? 1 : 0
        return SoakSessionRecord(index: index, kind: kind, everConnected: everConnected, received: received, stats: s, sentinelSeen: sentinelSeen)
    }
}

/// A session's outcome, handed from its event loop to the verifier.
struct SoakSessionRecord: Sendable {
    let index: Int
    let kind: SoakKind
    let everConnected: Bool
    let received: [UInt32]
    let stats: SoakSessionStats
    let sentinelSeen: Bool
}
