import Atomics
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Prometheus

/// The services every connection and ingest path shares, built once at start-up.
final class BridgeContext: Sendable {
    let configuration: BridgeConfiguration
    let hub: Hub
    let tokens: TokenAuthority
    let metrics: BridgeMetrics
    let users: UserConnectionCounter
    /// WebSocket connections per client address, counted only under `BRIDGE_MAX_CONNECTIONS_PER_IP`.
    let addresses: ConnectionsPerAddress?
    /// Long-polls waiting, bounded per event loop.
    let parkedPolls: ParkedPolls
    let redisStatus: RedisStatus
    let logStatus: LogStatus
    /// Appends `/broadcast` messages and pub/sub receipts to the shared log.
    let log: LogWriter
    let cluster: ClusterView
    /// Presence members in Redis (docs/architecture.md#presence).
    let presence: PresenceStore
    /// This node's Pusher connections by user, for `terminate_connections`.
    let pusherUsers = PusherUserIndex()
    /// This node's Pusher subscriptions per channel, for the channel figures.
    let pusherChannels = PusherChannelCounts()
    let startedAt = Date()
    let logger: Logger
    let decoder: EnvelopeDecoder
    let rejectionLog: RejectionLog
    private let sessionSerial = ManagedAtomic<UInt64>(0)

    /// The loop of the Redis command connections (log appends, presence, blocks), apart from the
    /// connections' loops, so that a reply never queues behind a fan-out's writes.
    let redisLoop: any EventLoop

    init(configuration: BridgeConfiguration, hub: Hub, tokens: TokenAuthority, metrics: BridgeMetrics, logger: Logger,
         redisLoop: any EventLoop) {
        self.configuration = configuration
        self.hub = hub
        self.tokens = tokens
        self.metrics = metrics
        self.redisLoop = redisLoop
        self.users = UserConnectionCounter(limit: configuration.maxConnectionsPerUser)
        self.addresses = configuration.maxConnectionsPerIP.map(ConnectionsPerAddress.init(limit:))
        self.parkedPolls = ParkedPolls(limit: MessagesEndpoint.maxWaitersPerLoop * max(1, hub.loops.count))
        self.redisStatus = RedisStatus(metrics: metrics)
        self.logStatus = LogStatus(key: configuration.streamKey, metrics: metrics)
        self.log = LogWriter(endpoint: configuration.redis, key: configuration.streamKey,
                             maxLength: configuration.historyCapacity, eventLoop: redisLoop)
        self.cluster = ClusterView()
        self.presence = PresenceStore(endpoint: configuration.redis, logKey: configuration.streamKey,
                                      maxLength: configuration.historyCapacity, node: configuration.nodeId, eventLoop: redisLoop,
                                      maxMembers: configuration.presenceMaxMembers)
        self.logger = logger
        self.decoder = configuration.decoder
        self.rejectionLog = RejectionLog(logger: logger)
    }

    /// A session id in Laravel's socket-id form, `<node>.<serial>`, unique across nodes.
    func nextSessionId() -> String {
        "\(configuration.nodeId).\(sessionSerial.wrappingIncrementThenLoad(ordering: .relaxed))"
    }

    /// The address a request counts against for `BRIDGE_MAX_CONNECTIONS_PER_IP`.
    func clientAddress(of head: HTTPRequestHead, peer: SocketAddress?) -> String? {
        ClientAddress.of(head, peer: peer, trustedProxies: configuration.trustedProxies)
    }

    func refreshUserGauges() {
        let totals = users.totals
        metrics.sessionsGauge.set(Int64(totals.sessions))
        metrics.usersGauge.set(Int64(totals.users))
    }

    /// Counts and logs (once per reason per minute) a refused payload.
    func reject(_ rejection: Rejection, from source: MessageSource, channel: String?) {
        metrics.recordRejected(rejection.reason, from: source)
        rejectionLog.note(rejection, channel: channel ?? "POST /broadcast")
    }
}
