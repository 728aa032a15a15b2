import Atomics
import Logging
import NIOCore
import NIOWebSocket
import Prometheus

/// One WebSocket connection at the NIO level: authentication, control frames, delivery of
/// pre-encoded event frames, and closing with the codes of docs/protocol.md#frames.
final class WebSocketSession: ChannelInboundHandler, RemovableChannelHandler {
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

    /// A text message arriving in fragments, bounded by the 16 KiB frame limit.
    var fragments: ByteBuffer?

    init(bridge: BridgeContext, token: String?, lastId: String?) {
        self.bridge = bridge
        self.initialToken = token
        self.resumeFrom = lastId
        self.resumeUsed = lastId != nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
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
        if let error = error as? NIOWebSocketError, error == .invalidFrameLength {
            close(code: CloseCode.frameTooLarge, reason: "frame over 16 KiB", grace: .seconds(2))
        } else if error is NIOWebSocketError {
            close(code: CloseCode.protocolError, reason: "protocol error", grace: .seconds(2))
        } else {
            context.close(promise: nil)
        }
    }

    /// Why RFC 6455 refuses `frame` (unmasked, or reserved bits no extension negotiated), or nil.
    static func protocolViolation(in frame: WebSocketFrame) -> String? {
        if frame.maskKey == nil { return "client frames must be masked" }
        if frame.rsv1 || frame.rsv2 || frame.rsv3 { return "reserved bits set without a negotiated extension" }
        return nil
    }

    /// Joins a fragmented text message; over 16 KiB in all closes with 1009.
    private func collectFragment(_ frame: WebSocketFrame) {
        guard var collected = fragments else { return }
        var piece = frame.unmaskedData
        guard collected.readableBytes + piece.readableBytes <= WebSocketUpgrade.maxFrameSize else {
            fragments = nil
            close(code: CloseCode.frameTooLarge, reason: "message over 16 KiB", grace: .seconds(2))
            return
        }
        collected.writeBuffer(&piece)
        fragments = frame.fin ? nil : collected
        if frame.fin, phase != .closing { handleText(collected) }
    }

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

    /// Hands one batch's frames, already joined, to the socket in one write and flush.
    func send(batch bytes: ByteBuffer) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        enforceQueueBound(context)
    }

    /// Hands the frames written so far to the socket.
    func flushPending() {
        guard let context else { return }
        context.flush()
        enforceQueueBound(context)
    }

    /// Past the high-water mark, closes with 4100 if more than `BRIDGE_MAX_QUEUE` bytes are still
    /// unsent after the kernel took what it could. A burst to a reading client therefore never
    /// counts against it, a client that stopped reading does. Every flushed write passes here:
    /// events, replays, pongs and errors alike.
    private func enforceQueueBound(_ context: ChannelHandlerContext) {
        guard !writable, phase != .closing else { return }
        let unsent = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        guard unsent > bridge.configuration.maxQueueBytes else { return }
        bridge.metrics.recordSlowConsumer()
        bridge.logger.warning("closing slow consumer", metadata: ["session": "\(sessionId)", "user": "\(identity?.userId ?? "")",
                                                                  "unsent_bytes": "\(unsent)"])
        close(code: CloseCode.slowConsumer, reason: "slow consumer", grace: .seconds(30))
    }

    func write(_ frame: ByteBuffer, flush: Bool = false) {
        guard let context else { return }
        if flush {
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
            enforceQueueBound(context)
        } else {
            context.write(wrapOutboundOut(frame), promise: nil)
        }
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
