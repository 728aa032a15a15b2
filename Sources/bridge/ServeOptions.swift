import ArgumentParser
import Bridge

/// The settings of README.md#configuration as flags; each help text names its environment variable and default.
struct ServeOptions: ParsableArguments {
    @Option(help: "Bind address. [env: WEBSOCKET_HOST, default: 127.0.0.1]") var host: String?
    @Option(help: "HTTP and WebSocket port. [env: WEBSOCKET_PORT, default: 8080]") var port: String?
    @Option(help: "Seconds a new socket has to authenticate. [env: WEBSOCKET_TIMEOUT, default: 5]") var authTimeout: String?
    @Option(help: "redis://[:password@]host:port[/db]. [env: REDIS_URL, default: redis://127.0.0.1:6379/0]") var redisUrl: String?
    @Option(help: "Comma list of channels; entries with * or ? are patterns. [env: BRIDGE_CHANNELS, default: ict.events]") var channels: String?
    @Option(help: "Laravel's Redis key prefix: stripped from channel names, put before the log's name, e.g. laravel_database_. [env: BRIDGE_REDIS_PREFIX, default: empty]") var redisPrefix: String?
    @Option(help: "HS256 key for session tokens, at least 32 bytes. [env: BRIDGE_SECRET, required unless --dev]") var secret: String?
    @Option(help: "Bearer token for POST /broadcast; unset: loopback clients only. [env: BRIDGE_BROADCAST_TOKEN]") var broadcastToken: String?
    @Option(help: "Roles that see operational events. [env: BRIDGE_STAFF_ROLES, default: admin,technician]") var staffRoles: String?
    @Option(help: "Roles that see user administration. [env: BRIDGE_ADMIN_ROLES, default: admin]") var adminRoles: String?
    @Option(help: "Laravel private channel meaning one user. [env: BRIDGE_USER_CHANNEL, default: App.Models.User.{id}]") var userChannel: String?
    @Option(help: "Comma list of allowed Origins, or *. [env: BRIDGE_ALLOWED_ORIGINS, default: *]") var allowedOrigins: String?
    @Option(help: "Messages kept for resume and polling. [env: BRIDGE_HISTORY, default: 10000]") var history: String?
    @Option(help: "Unsent bytes per session before closing it with 4100. [env: BRIDGE_MAX_QUEUE, default: 1048576]") var maxQueue: String?
    @Option(help: "Sessions per user; more are closed with 4004. [env: BRIDGE_MAX_CONNECTIONS_PER_USER, default: 20]") var maxConnectionsPerUser: String?
    @Option(help: "Seconds between server pings. [env: BRIDGE_PING_INTERVAL, default: 25]") var pingInterval: String?
    @Option(help: "Seconds of silence before closing with 4201. [env: BRIDGE_IDLE_TIMEOUT, default: 60]") var idleTimeout: String?
    @Option(help: "This node's id, the first half of session ids. [env: BRIDGE_NODE_ID, default: random]") var nodeId: String?
    @Option(help: "Longest token lifetime accepted, in seconds. [env: BRIDGE_MAX_TOKEN_TTL, default: 604800]") var maxTokenTtl: String?
    @Option(help: "Bytes of messages kept for resume and polling. [env: BRIDGE_HISTORY_BYTES, default: 67108864]") var historyBytes: String?
    @Option(help: "WebSocket connections per client address; more get 503. [env: BRIDGE_MAX_CONNECTIONS_PER_IP, default: no limit]") var maxConnectionsPerIp: String?
    @Option(help: "Comma list of proxy addresses whose X-Forwarded-For is believed. [env: BRIDGE_TRUSTED_PROXIES, default: none]") var trustedProxies: String?
    @Option(help: "Seconds a connection has to send its request headers. [env: BRIDGE_HTTP_HEADER_TIMEOUT, default: 10]") var httpHeaderTimeout: String?
    @Option(help: "Seconds a keep-alive connection may idle between requests. [env: BRIDGE_HTTP_IDLE_TIMEOUT, default: 60]") var httpIdleTimeout: String?
    @Option(help: "Name of the shared log (a Redis Stream) all nodes append to and read, after BRIDGE_REDIS_PREFIX. [env: BRIDGE_STREAM, default: bridge:events]") var stream: String?
    @Option(help: "Pusher app id: with the key and secret, also serve the Pusher protocol on /app/{key} and /apps/{id}/events. [env: PUSHER_APP_ID, else REVERB_APP_ID; unset: /app/* and /apps/* answer 404]") var pusherAppId: String?
    @Option(help: "Pusher app key, the one pusher-js and Laravel Echo connect with. [env: PUSHER_APP_KEY, else REVERB_APP_KEY]") var pusherAppKey: String?
    @Option(help: "Pusher app secret, signing channel auth and HTTP API requests. [env: PUSHER_APP_SECRET, else REVERB_APP_SECRET]") var pusherAppSecret: String?
    @Option(help: "Largest data of one event through the Pusher HTTP API or of one client event, in bytes; more gets 413 (or pusher:error). [env: BRIDGE_PUSHER_MAX_DATA, default: 10240]") var pusherMaxData: String?
    @Option(help: "Seconds a node's presence members outlive its last heartbeat; the other nodes then remove them (member_removed) within 2 s more. [env: BRIDGE_PRESENCE_TTL, default: 15, 2 to 28]") var presenceTtl: String?
    @Option(help: "Most members (distinct users) of one presence channel; the next user gets LimitReached 403. Each join sends member_added to every member: traffic grows as the square. [env: BRIDGE_PRESENCE_MAX_MEMBERS, default: 100, 1 to 100000]") var presenceMaxMembers: String?
    @Option(help: "Event loops (threads) that own the sockets and deliver to them. [env: BRIDGE_EVENT_LOOPS, default: one per core the process may use, 1 to 256]") var eventLoops: String?
    @Flag(help: "Development mode: fixed printed secret, loopback only, GET /dev/token.") var dev = false
    @Flag(help: "Development mode while no secret is set (BRIDGE_SECRET, --secret), normal mode once one is; docker-compose.yml runs this. In development mode an explicit non-loopback WEBSOCKET_HOST (a container's 0.0.0.0) is allowed, with a warning.") var devUnlessSecret = false
    @Option(help: "trace, debug, info, warning or error. [env: BRIDGE_LOG_LEVEL, default: info]") var logLevel: String?

    /// Flags over environment, keyed by variable.
    func settings(environment: [String: String]) -> [SettingKey: String] {
        let flags: [SettingKey: String?] = [
            .host: host, .port: port, .authTimeout: authTimeout, .redisURL: redisUrl, .channels: channels,
            .redisPrefix: redisPrefix, .secret: secret, .broadcastToken: broadcastToken, .staffRoles: staffRoles,
            .adminRoles: adminRoles, .userChannel: userChannel, .allowedOrigins: allowedOrigins, .history: history,
            .maxQueue: maxQueue, .maxConnectionsPerUser: maxConnectionsPerUser, .pingInterval: pingInterval,
            .idleTimeout: idleTimeout, .nodeId: nodeId, .maxTokenTTL: maxTokenTtl, .historyBytes: historyBytes,
            .maxConnectionsPerIP: maxConnectionsPerIp, .trustedProxies: trustedProxies,
            .httpHeaderTimeout: httpHeaderTimeout, .httpIdleTimeout: httpIdleTimeout, .stream: stream,
            .pusherAppId: pusherAppId, .pusherAppKey: pusherAppKey, .pusherAppSecret: pusherAppSecret,
            .pusherMaxData: pusherMaxData, .presenceTTL: presenceTtl, .presenceMaxMembers: presenceMaxMembers,
            .eventLoops: eventLoops,
        ]
        var settings: [SettingKey: String] = [:]
        for key in SettingKey.allCases {
            let flag: String? = flags[key] ?? nil
            if let value = flag ?? key.value(in: environment) { settings[key] = value }
        }
        return settings
    }
}
