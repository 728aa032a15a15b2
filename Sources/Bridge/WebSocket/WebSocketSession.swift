import Atomics
import Logging
import NIOCore
import NIOWebSocket
import Prometheus

/// One WebSocket connection at the NIO level: authentication, control frames, delivery of
/// pre-encoded event frames, and closing with the codes of docs/protocol.md#frames.
final class WebSocketSession: WebSocketConnection, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = ByteBuffer

    enum Phase { case awaitingAuth, verifying, open, closing }

    let bridge: BridgeContext
    /// The `?token=` of the upgrade, dropped once used so an idle session does not keep it.
    var initialToken: String?
    var resumeFrom: String?
    /// `bridge:resume` (or `?last_id=`) is honoured once per session.
    var resumeUsed = false
    var context: ChannelHandlerContext?
    var loopHub: LoopHub?
    var phase = Phase.awaitingAuth
    var identity: SessionIdentity?
    var sessionId = ""
    var holdsUserSlot = false
    var lastDeliveredSeq: UInt64 = 0
    var registeredAtSeq: UInt64 = 0
    /// The channel's writability as last signalled (read per flush without touching the channel).
    var writable = true
    /// Slot in its loop's registry while registered (kept by the registry).
    var registrySlot: Int?
    let connectedAt = NIODeadline.now()
    var lastHeard = NIODeadline.now()
    var lastPing = NIODeadline.now()
    var closeTimer: Scheduled<Void>?
    var cleanedUp = false

    var fragments: ByteBuffer?
    var directWriter = DirectSocketWriter()

    init(bridge: BridgeContext, token: String?, lastId: String?) {
        self.bridge = bridge
        self.initialToken = token
        self.resumeFrom = lastId
        self.resumeUsed = lastId != nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        directWriter.attach(to: context.channel)
        loopHub = bridge.hub.loopHub(for: context.eventLoop)
        loopHub?.connect(self)
        bridge.metrics.connections.wrappingIncrement(ordering: .relaxed)
        bridge.metrics.connectionsGauge.increment()
        if let token = initialToken {
            initialToken = nil
            authenticate(token)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cleanUp()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cleanUp()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        lastHeard = .now()
        if let violation = Self.protocolViolation(in: frame) {
            fragments = nil
            close(code: CloseCode.protocolError, reason: violation, grace: .seconds(2))
            return
        }
        switch frame.opcode {
        case .text where frame.fin:
            if phase != .closing { handleText(frame.unmaskedData) }
        case .text:
            fragments = frame.unmaskedData
        case .continuation:
            collectFragment(frame)
        case .binary:
            if phase != .closing { sendError("bad_frame", "binary frames are not supported; send JSON text") }
        case .ping:
            if phase != .closing { write(ServerFrame.pong(frame.unmaskedData), flush: true) }
        case .connectionClose:
            if phase == .closing {
                context.close(promise: nil)
            } else {
                phase = .closing
                unregister()
                write(ServerFrame.close(code: CloseCode.normal, reason: ""), flush: true)
                context.close(promise: nil)
            }
        default:
            break
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeAfterDecoderError(error, context: context)
    }

    var isClosing: Bool { phase == .closing }

    // MARK: Delivery

    /// Whether this session takes `message`: open, not delivered yet and admitted by its
    /// audience. Taking it advances the delivery mark; the caller writes the frame.
    func takes(_ message: StoredMessage) -> Bool {
        guard phase == .open, message.seq > lastDeliveredSeq else { return false }
        if !message.audience.admitsEverySession {
            guard let identity,
                  message.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: sessionId) else {
                return false
            }
        }
        lastDeliveredSeq = message.seq
        return true
    }

    func closeSlowConsumer(unsent: Int) {
        bridge.logger.warning("closing slow consumer", metadata: ["session": "\(sessionId)", "user": "\(identity?.userId ?? "")",
                                                                  "unsent_bytes": "\(unsent)"])
        close(code: CloseCode.slowConsumer, reason: "slow consumer", grace: .seconds(30))
    }

    func sendError(_ code: String, _ message: String) {
        write(BridgeFrame.error(code: code, message: message).bytes, flush: true)
    }

    // MARK: Lifecycle

    /// Sends a close frame after what is already queued and closes the socket once the client
    /// answers, or after `grace`.
    func close(code: UInt16, reason: String, grace: TimeAmount = .seconds(5)) {
        guard phase != .closing, let context else { return }
        phase = .closing
        unregister()
        write(ServerFrame.close(code: code, reason: reason), flush: true)
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: grace) { [weak self] in
            self?.context?.close(promise: nil)
        }
    }

    /// Per-second housekeeping: auth timeout, token expiry, pings and the idle limit.
    func tick(now: NIODeadline, wallClock: Int64) {
        let configuration = bridge.configuration
        switch phase {
        case .awaitingAuth, .verifying:
            if now - connectedAt >= .seconds(Int64(configuration.authTimeout)) {
                close(code: CloseCode.unauthorized, reason: "no token within \(configuration.authTimeout) s")
            }
        case .open:
            if let identity, identity.expiresAt <= wallClock {
                close(code: CloseCode.unauthorized, reason: "token expired")
            } else if now - lastHeard >= .seconds(Int64(configuration.idleTimeout)) {
                close(code: CloseCode.noPong, reason: "no pong")
            } else if now - lastPing >= .seconds(Int64(configuration.pingInterval)) {
                lastPing = now
                write(ServerFrame.ping(), flush: true)
            }
        case .closing:
            break
        }
    }

    func unregister() {
        loopHub?.unregister(self)
    }

    private func cleanUp() {
        guard !cleanedUp else { return }
        cleanedUp = true
        phase = .closing
        closeTimer?.cancel()
        unregister()
        if holdsUserSlot, let identity {
            bridge.users.release(identity.userId)
            bridge.refreshUserGauges()
        }
        bridge.metrics.connections.wrappingDecrement(ordering: .relaxed)
        bridge.metrics.connectionsGauge.decrement()
    }
}
