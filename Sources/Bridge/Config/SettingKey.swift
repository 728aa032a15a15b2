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

    /// The environment variable that sets it.
    public var variable: String { rawValue }
}
