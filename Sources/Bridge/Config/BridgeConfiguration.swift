/// Everything the bridge is told at start-up (README.md#configuration), with the documented defaults.
public struct BridgeConfiguration: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    /// Seconds a new socket has to authenticate.
    var authTimeout = 5
    var redis = RedisEndpoint.default
    var channels = ["ict.events"]
    var redisPrefix = ""
    var secret = ""
    var broadcastToken: String?
    var roles = RoleConfiguration()
    var userChannel = "App.Models.User.{id}"
    /// `["*"]` allows every origin.
    var allowedOrigins = ["*"]
    var historyCapacity = 10_000
    var maxQueueBytes = 1_048_576
    var maxConnectionsPerUser = 20
    var pingInterval = 25
    var idleTimeout = 60
    /// First half of every session id; unique per node so `toOthers` works across nodes.
    var nodeId = String(UInt32.random(in: 100_000...UInt32.max))
    public var devMode = false
    /// Longest token lifetime accepted (and minted), in seconds; also how long a block outlives
    /// the tokens issued before it.
    public var maxTokenTTL = 604_800
    /// Bytes the history may hold, besides its message count.
    var historyBytes = 64 * 1024 * 1024
    /// WebSocket connections one client address may hold; nil: no limit.
    var maxConnectionsPerIP: Int?
    /// Peers whose `X-Forwarded-For` names the client (exact addresses).
    var trustedProxies: Set<String> = []
    /// Seconds a connection has to send a complete request head.
    var httpHeaderTimeout = 10
    /// Seconds a keep-alive connection may sit idle between requests.
    var httpIdleTimeout = 60
    /// The shared log's name; Redis holds it at `redisPrefix` + `stream`.
    var stream = "bridge:events"
    /// The Pusher app served on `/app/{key}` and `/apps/{id}/…`; nil: those paths answer 404.
    var pusher: PusherApp?
    /// Largest `data` of one event through the Pusher HTTP API or of one client event, in bytes (Pusher's 10 KiB).
    var pusherMaxData = 10_240
    /// Seconds a node's presence members outlive its last heartbeat: other nodes remove the
    /// members of a node that stopped within this plus 2 s.
    var presenceTTL = 15
    /// Most members (distinct users) of one presence channel: Pusher's 100 by default. Every join
    /// sends `member_added` to every member, and the members list to the joiner: cost grows as its square.
    var presenceMaxMembers = PresenceStore.defaultMaxMembers
    /// Event loops (threads) that own the sockets; nil: one per core the process may use.
    var eventLoops: Int?

    /// The Redis key of the shared log (the prefix Laravel's connection adds, then the name).
    var streamKey: String { redisPrefix + stream }

    public init() {}

    /// Whether a browser `Origin` may connect and read CORS answers.
    func allows(origin: String?) -> Bool {
        guard let origin, !allowedOrigins.contains("*") else { return true }
        return allowedOrigins.contains(origin)
    }

    /// The rules built from the configured roles.
    var rules: RelevanceRules { RelevanceRules(roles: roles) }

    /// Decoder for envelopes, with this configuration's prefix and user channel.
    var decoder: EnvelopeDecoder {
        EnvelopeDecoder(rules: rules, redisPrefix: redisPrefix, userChannel: userChannel, channelEvents: pusher != nil)
    }
}
