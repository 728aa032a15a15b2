/// Every setting the bridge reads, with its environment variable, flag and help text.
public enum SettingKey: String, CaseIterable, Sendable {
    case host = "WEBSOCKET_HOST"
    case port = "WEBSOCKET_PORT"
    case authTimeout = "WEBSOCKET_TIMEOUT"
    case redisURL = "REDIS_URL"
    case channels = "BRIDGE_CHANNELS"
    case redisPrefix = "BRIDGE_REDIS_PREFIX"
    case secret = "BRIDGE_SECRET"
    case broadcastToken = "BRIDGE_BROADCAST_TOKEN"
    case staffRoles = "BRIDGE_STAFF_ROLES"
    case adminRoles = "BRIDGE_ADMIN_ROLES"
    case userChannel = "BRIDGE_USER_CHANNEL"
    case allowedOrigins = "BRIDGE_ALLOWED_ORIGINS"
    case history = "BRIDGE_HISTORY"
    case maxQueue = "BRIDGE_MAX_QUEUE"
    case maxConnectionsPerUser = "BRIDGE_MAX_CONNECTIONS_PER_USER"
    case pingInterval = "BRIDGE_PING_INTERVAL"
    case idleTimeout = "BRIDGE_IDLE_TIMEOUT"
    case nodeId = "BRIDGE_NODE_ID"
    case maxTokenTTL = "BRIDGE_MAX_TOKEN_TTL"
    case historyBytes = "BRIDGE_HISTORY_BYTES"
    case maxConnectionsPerIP = "BRIDGE_MAX_CONNECTIONS_PER_IP"
    case trustedProxies = "BRIDGE_TRUSTED_PROXIES"
    case httpHeaderTimeout = "BRIDGE_HTTP_HEADER_TIMEOUT"
    case httpIdleTimeout = "BRIDGE_HTTP_IDLE_TIMEOUT"
    case stream = "BRIDGE_STREAM"
    case pusherAppId = "PUSHER_APP_ID"
    case pusherAppKey = "PUSHER_APP_KEY"
    case pusherAppSecret = "PUSHER_APP_SECRET"
    case pusherMaxData = "BRIDGE_PUSHER_MAX_DATA"
    case presenceTTL = "BRIDGE_PRESENCE_TTL"
    case presenceMaxMembers = "BRIDGE_PRESENCE_MAX_MEMBERS"
    case eventLoops = "BRIDGE_EVENT_LOOPS"

    /// The environment variable that sets it.
    public var variable: String { rawValue }

    /// Variables read, in order, when `variable` is unset: Laravel Reverb's names for the app.
    public var fallbackVariables: [String] {
        switch self {
        case .pusherAppId: ["REVERB_APP_ID"]
        case .pusherAppKey: ["REVERB_APP_KEY"]
        case .pusherAppSecret: ["REVERB_APP_SECRET"]
        default: []
        }
    }

    /// Its value in `environment`: `variable`, else the first fallback that is set.
    public func value(in environment: [String: String]) -> String? {
        environment[variable] ?? fallbackVariables.lazy.compactMap { environment[$0] }.first
    }
}
