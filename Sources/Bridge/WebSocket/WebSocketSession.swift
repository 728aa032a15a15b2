import Atomics
import Logging
import NIOCore
import NIOWebSocket
import Prometheus

/// One WebSocket connection at the NIO level: authentication, control frames, delivery of
/// pre-encoded event frames, and closing with the codes of SPEC §5.
final class WebSocketSession: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame

    enum Phase { case awaitingAuth, verifying, open, closing }

    let bridge: BridgeContext
    let initialToken: String?
    var resumeFrom: String?
    var context: ChannelHandlerContext?
    var loopHub: LoopHub?
    var phase = Phase.awaitingAuth
    var identity: SessionIdentity?
    var sessionId = ""
    var holdsUserSlot = false
    var lastDeliveredSeq: UInt64 = 0
    var registeredAtSeq: UInt64 = 0
    let connectedAt = NIODeadline.now()
    var lastHeard = NIODeadline.now()
    var lastPing = NIODeadline.now()
    var awaitingFlush = false
    var closeTimer: Scheduled<Void>?
    var cleanedUp = false

    let writer: FrameBytesWriter

    init(bridge: BridgeContext, writer: FrameBytesWriter, token: String?, lastId: String?) {
        self.bridge = bridge
        self.writer = writer
        self.initialToken = token
        self.resumeFrom = lastId
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        loopHub = bridge.hub.loopHub(for: context.eventLoop)
        loopHub?.local.pending[ObjectIdentifier(self)] = self
        bridge.metrics.connections.wrappingIncrement(ordering: .relaxed)
        bridge.metrics.connectionsGauge.increment()
        if let initialToken { authenticate(initialToken) }
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
        switch frame.opcode {
        case .text:
            if phase != .closing { handleText(frame.unmaskedData) }
        case .binary:
            if phase != .closing { sendError("bad_frame", "binary frames are not supported; send JSON text") }
        case .ping:
            write(ServerFrame.pong(frame.unmaskedData), flush: true)
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

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? NIOWebSocketError, error == .invalidFrameLength {
            close(code: CloseCode.frameTooLarge, reason: "frame over 16 KiB", grace: .seconds(2))
        } else if error is NIOWebSocketFrameAggregator.Error {
            close(code: CloseCode.frameTooLarge, reason: "message over 16 KiB", grace: .seconds(2))
        } else if error is NIOWebSocketError {
            close(code: CloseCode.protocolError, reason: "protocol error", grace: .seconds(2))
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: Delivery

    /// Writes `message` when this session may see it; true when it was written.
    func receive(_ message: StoredMessage) -> Bool {
        guard phase == .open, message.seq > lastDeliveredSeq, let identity,
              message.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: sessionId) else {
            return false
        }
        lastDeliveredSeq = message.seq
        writer.write(message.frame)
        if !awaitingFlush {
            awaitingFlush = true
            loopHub?.needsFlush(self)
        }
        if let channel = context?.channel, !channel.isWritable { checkQueueBound(of: channel) }
        return true
    }

    /// Past the high-water mark: hand what the kernel takes to the socket now, and close with 4100
    /// only if more than `BRIDGE_MAX_QUEUE` bytes are still unsent. A burst to a reading client
    /// therefore never counts against it, a client that stopped reading does.
    private func checkQueueBound(of channel: any Channel) {
        writer.flush()
        let unsent = (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        guard unsent > bridge.configuration.maxQueueBytes else { return }
        bridge.metrics.recordSlowConsumer()
        bridge.logger.warning("closing slow consumer", metadata: ["session": "\(sessionId)", "user": "\(identity?.userId ?? "")",
                                                                  "unsent_bytes": "\(unsent)"])
        close(code: CloseCode.slowConsumer, reason: "slow consumer", grace: .seconds(30))
    }

    func flushPending() {
        awaitingFlush = false
        writer.flush()
    }

    func write(_ frame: ByteBuffer, flush: Bool = false) {
        if flush {
            writer.writeAndFlush(frame)
        } else {
            writer.write(frame)
        }
    }

    func sendError(_ code: String, _ message: String) {
        write(ServerFrame.text("{\"type\":\"bridge:error\",\"code\":\(JSONText.quote(code)),\"message\":\(JSONText.quote(message))}"), flush: true)
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
        loopHub?.local.remove(self, user: identity?.userId)
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
