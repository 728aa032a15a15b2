import BenchCore
import NIOCore

/// One benchmark WebSocket session: raw HTTP upgrade, then a zero-copy frame scan that reads
/// `bench_seq`/`sent_ns` from each event and records it in the loop's stats. A Pusher session
/// (`pusherChannel` set) is ready once subscribed to that channel, and answers `pusher:ping`.
final class SessionHandler: UpgradingClientHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State { case handshaking, awaitingWelcome, open, closed }

    private static let welcome = ByteNeedle("bridge:welcome")
    private static let pusherEstablished = ByteNeedle("pusher:connection_established")
    private static let pusherSubscribed = ByteNeedle("pusher_internal:subscription_succeeded")
    private static let pusherError = ByteNeedle("error")
    private static let pusherPing = ByteNeedle("pusher:ping")
    private static let seqField = FieldScanner("bench_seq")
    private static let sentField = FieldScanner("sent_ns")

    let request: ByteBuffer
    private let awaitWelcome: Bool
    private let pusherChannel: String?
    private let slow: Bool
    private let stats: LoopStats
    private let ready: EventLoopPromise<Void>
    private var state = State.handshaking
    var handshake: ByteBuffer?
    var scanner = WebSocketFrameScanner()
    private var failure: String?
    private var settled = false

    init(request: ByteBuffer, awaitWelcome: Bool, pusherChannel: String?, slow: Bool, stats: LoopStats, ready: EventLoopPromise<Void>) {
        self.request = request
        self.awaitWelcome = awaitWelcome
        self.pusherChannel = pusherChannel
        self.slow = slow
        self.stats = stats
        self.ready = ready
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readResponseThenFrames(context: context, data: data)
    }

    func onText(_ payload: UnsafeRawBufferPointer, now: UInt64, context: ChannelHandlerContext) {
        if state == .awaitingWelcome {
            if let pusherChannel {
                onPusherGreeting(payload, channel: pusherChannel, context: context)
            } else if payloadContains(payload, Self.welcome) {
                becomeReady(context: context)
            }
            return
        }
        guard state == .open else { return }
        if slow { stats.slowFrames &+= 1; return }
        guard let sent = Self.sentField.value(in: payload), let seq = Self.seqField.value(in: payload) else {
            if pusherChannel != nil, payloadContains(payload, Self.pusherPing) {
                sendText(#"{"event":"pusher:pong","data":{}}"#, context: context)
            }
            stats.otherFrames &+= 1
            return
        }
        stats.record(seq: seq, sentNs: sent, now: now)
    }

    func onClose(code: UInt16, context: ChannelHandlerContext) {
        switch state {
        case .handshaking, .awaitingWelcome:
            fail("closed by server with code \(code) before the session was ready", context: context)
        case .open:
            if slow { stats.slowCloseCodes[code, default: 0] += 1 } else { stats.closeCodes[code, default: 0] += 1 }
            state = .closed
            context.close(promise: nil)
        case .closed:
            break
        }
    }

    /// connection_established → subscribe; subscription_succeeded → ready; an error → failed.
    private func onPusherGreeting(_ payload: UnsafeRawBufferPointer, channel: String, context: ChannelHandlerContext) {
        if payloadContains(payload, Self.pusherEstablished) {
            sendText(#"{"event":"pusher:subscribe","data":{"channel":"\#(channel)"}}"#, context: context)
        } else if payloadContains(payload, Self.pusherSubscribed) {
            becomeReady(context: context)
        } else if payloadContains(payload, Self.pusherError) {
            fail("Pusher handshake refused: \(String(decoding: payload.prefix(200), as: UTF8.self))", context: context)
        }
    }

    var isHandshaking: Bool { state == .handshaking }
    var isClosed: Bool { state == .closed }

    func upgraded(context: ChannelHandlerContext) {
        if awaitWelcome { state = .awaitingWelcome } else { becomeReady(context: context) }
    }

    private func becomeReady(context: ChannelHandlerContext) {
        state = .open
        if slow { context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in } }
        settle(nil)
    }

    func fail(_ reason: String, context: ChannelHandlerContext) {
        failure = failure ?? reason
        state = .closed
        settle(reason)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .open:
            if !slow && !stats.closing { stats.droppedWithoutClose += 1 }
        case .handshaking, .awaitingWelcome:
            settle("connection closed during the handshake")
        case .closed:
            break
        }
        state = .closed
        settle(failure ?? "connection closed")
    }

    private func settle(_ failureReason: String?) {
        guard !settled else { return }
        settled = true
        if let failureReason { ready.fail(SessionError(reason: failureReason)) } else { ready.succeed(()) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("\(error)", context: context)
    }
}

struct SessionError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
