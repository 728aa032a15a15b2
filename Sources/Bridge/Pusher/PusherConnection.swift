import Atomics
import Logging
import NIOCore
import NIOWebSocket
import Prometheus

/// One Pusher Channels connection on `/app/{key}` (docs/pusher.md): connection_established,
/// ping/pong, subscriptions, signin, client events, and delivery of channel events (and, signed
/// in, its user's help-desk events) as a ``Recipient`` of its loop's ``LoopHub``, bounded by
/// `BRIDGE_MAX_QUEUE` like a `/ws` session.
final class PusherConnection: WebSocketConnection, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = ByteBuffer

    /// Most channels one connection may subscribe to.
    static let maxSubscriptions = 100

    enum Phase { case open, closing }

    let bridge: BridgeContext
    let app: PusherApp
    /// The app key of the path, and `?protocol=`.
    let requestedKey: String
    let protocolVersion: String?
    var context: ChannelHandlerContext?
    var loopHub: LoopHub?
    var phase = Phase.open
    let socketId: String
    /// The channels it receives; every change is counted for the channel figures.
    var subscriptions: Set<String> = [] {
        didSet { bridge.pusherChannels.changed(from: oldValue, to: subscriptions) }
    }
    /// Its presence channels, joined or being joined (PusherConnection+Presence.swift).
    var presence = PusherPresence()
    /// The user this connection signed in as with `pusher:signin`, nil until then; the hub
    /// indexes the connection under it (docs/pusher.md#user-authentication), and
    /// `terminate_connections` for this user, or for a presence user id of the connection, closes it.
    var userId: String? {
        didSet { knownUsersChanged() }
    }
    /// The roles its signed `user_data` gave (`user_info.roles`), for the help-desk events.
    var userRoles: Set<String> = []
    /// Client events accepted lately (at most 10 a second).
    var clientEventLimit = PusherClientEventLimit()
    /// Presence joins accepted lately, by the same sliding window (at most 10 a second): each may
    /// append a member event to the shared log, as a client event does.
    var presenceJoinLimit = PusherClientEventLimit()
    var lastDeliveredSeq: UInt64 = 0
    var registrySlot: Int?
    var channelSlot: Int?
    var writable = true
    var activity = PusherActivity(now: .now())
    var closeTimer: Scheduled<Void>?
    var cleanedUp = false
    var fragments: ByteBuffer?
    var directWriter = DirectSocketWriter()

    init(bridge: BridgeContext, app: PusherApp, key: String, protocolVersion: String?) {
        self.bridge = bridge
        self.app = app
        self.requestedKey = key
        self.protocolVersion = protocolVersion
        self.socketId = bridge.nextSessionId()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        directWriter.attach(to: context.channel)
        loopHub = bridge.hub.loopHub(for: context.eventLoop)
        loopHub?.connect(self)
        bridge.metrics.connections.wrappingIncrement(ordering: .relaxed)
        bridge.metrics.connectionsGauge.increment()
        guard PusherSignature.same(requestedKey, app.key) else {
            refuse(PusherErrorCode.applicationDoesNotExist, "no app with key \(requestedKey); connect to /app/<PUSHER_APP_KEY>")
            return
        }
        guard let version = protocolVersion else {
            refuse(PusherErrorCode.noProtocol, "no protocol version supplied; connect with ?protocol=7")
            return
        }
        guard ["5", "6", "7"].contains(version) else {
            refuse(PusherErrorCode.unsupportedProtocol, "unsupported protocol version \(version); this server speaks protocol 7")
            return
        }
        loopHub?.register(self)
        write(PusherFrame.connectionEstablished(socketId: socketId, activityTimeout: Int(PusherActivity.activityTimeout)), flush: true)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cleanUp()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cleanUp()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeAfterDecoderError(error, context: context)
    }

    // MARK: Writing and closing

    var isClosing: Bool { phase == .closing }

    /// Closes with 4100 once more than `BRIDGE_MAX_QUEUE` bytes stay unsent past the high-water
    /// mark, as `/ws` sessions do (docs/protocol.md#frames).
    func closeSlowConsumer(unsent: Int) {
        bridge.logger.warning("closing slow Pusher consumer", metadata: ["socket_id": "\(socketId)", "unsent_bytes": "\(unsent)"])
        close(code: PusherErrorCode.overCapacity, reason: "slow consumer", grace: .seconds(30))
    }

    /// `pusher:error` with `code`, then a close frame with the same code.
    func refuse(_ code: UInt16, _ message: String) {
        write(PusherFrame.error(code: code, message: message))
        close(code: code, reason: message, grace: .seconds(2))
    }

    /// Sends a close frame after what is queued; closes the socket when the client answers or after `grace`.
    func close(code: UInt16, reason: String, grace: TimeAmount = .seconds(5)) {
        guard phase != .closing, let context else { return }
        phase = .closing
        loopHub?.unregister(self)
        write(ServerFrame.close(code: code, reason: reason), flush: true)
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: grace) { [weak self] in
            self?.context?.close(promise: nil)
        }
    }

    private func cleanUp() {
        guard !cleanedUp else { return }
        cleanedUp = true
        phase = .closing
        closeTimer?.cancel()
        loopHub?.unregister(self)
        subscriptions.removeAll()
        leaveEveryPresenceChannel()
        bridge.metrics.connections.wrappingDecrement(ordering: .relaxed)
        bridge.metrics.connectionsGauge.decrement()
    }
}
