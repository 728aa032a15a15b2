/// Everything the bridge is told at start-up (README.md#configuration), with the documented defaults.
public struct BridgeConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Seconds a new socket has to authenticate.
    public var authTimeout = 5
    public var redis = RedisEndpoint.default
    public var channels = ["ict.events"]
    public var redisPrefix = ""
    public var secret = ""
    public var broadcastToken: String?
    public var roles = RoleConfiguration()
    public var userChannel = "App.Models.User.{id}"
    /// `["*"]` allows every origin.
    public var allowedOrigins = ["*"]
    public var historyCapacity = 10_000
    public var maxQueueBytes = 1_048_576
    public var maxConnectionsPerUser = 20
    public var pingInterval = 25
    public var idleTimeout = 60
    /// First half of every session id; unique per node so `toOthers` works across nodes.
    public var nodeId = String(UInt32.random(in: 100_000...UInt32.max))
    public var devMode = false
    /// Longest token lifetime accepted (and minted), in seconds; also how long a block outlives
    /// the tokens issued before it.
    public var maxTokenTTL = 604_800
    /// Bytes the history may hold, besides its message count.
    public var historyBytes = 64 * 1024 * 1024
    /// WebSocket connections one client address may hold; nil: no limit.
    public var maxConnectionsPerIP: Int?
    /// Peers whose `X-Forwarded-For` names the client (exact addresses).
    public var trustedProxies: Set<String> = []
    /// Seconds a connection has to send a complete request head.
    public var httpHeaderTimeout = 10
    /// Seconds a keep-alive connection may sit idle between requests.
    public var httpIdleTimeout = 60

    public init() {}

    /// Whether a browser `Origin` may connect and read CORS answers.
    public func allows(origin: String?) -> Bool {
        guard let origin, !allowedOrigins.contains("*") else { return true }
        return allowedOrigins.contains(origin)
    }

    /// The rules built from the configured roles.
    public var rules: RelevanceRules { RelevanceRules(roles: roles) }

    /// Decoder for envelopes, with this configuration's prefix and user channel.
    public var decoder: EnvelopeDecoder {
        EnvelopeDecoder(rules: rules, redisPrefix: redisPrefix, userChannel: userChannel)
    }
}
