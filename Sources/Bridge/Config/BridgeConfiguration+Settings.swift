import Foundation

/// Builds a configuration from settings keyed by environment variable (flags already merged in).
extension BridgeConfiguration {
    /// The fixed development secret `--dev` uses; printed at start-up, never for production.
    public static let developmentSecret = "ict-bridge-development-secret-000"

    public init(settings: [SettingKey: String], devMode: Bool = false) throws(ConfigurationError) {
        self.init()
        self.devMode = devMode
        let reader = SettingsReader(settings: settings)
        host = try reader.string(.host) ?? host
        port = try reader.integer(.port, in: 0...65535) ?? port
        authTimeout = try reader.integer(.authTimeout, in: 1...3600) ?? authTimeout
        if let url = try reader.string(.redisURL) {
            guard let endpoint = RedisEndpoint(url: url) else {
                throw ConfigurationError(variable: SettingKey.redisURL.variable,
                                         problem: "must look like redis://[:password@]host:port[/db]")
            }
            redis = endpoint
        }
        channels = try reader.list(.channels) ?? channels
        if channels.isEmpty { throw ConfigurationError(variable: SettingKey.channels.variable, problem: "must name at least one channel") }
        redisPrefix = settings[.redisPrefix] ?? redisPrefix
        broadcastToken = try Self.broadcastToken(settings[.broadcastToken])
        roles.staffRoles = Set(try reader.list(.staffRoles) ?? Array(roles.staffRoles))
        roles.adminRoles = Set(try reader.list(.adminRoles) ?? Array(roles.adminRoles))
        userChannel = try reader.string(.userChannel) ?? userChannel
        if !userChannel.contains("{id}") {
            throw ConfigurationError(variable: SettingKey.userChannel.variable, problem: "must contain {id}, e.g. App.Models.User.{id}")
        }
        allowedOrigins = try reader.list(.allowedOrigins) ?? allowedOrigins
        historyCapacity = try reader.integer(.history, in: 1...10_000_000) ?? historyCapacity
        maxQueueBytes = try reader.integer(.maxQueue, in: 1024...1_073_741_824) ?? maxQueueBytes
        maxConnectionsPerUser = try reader.integer(.maxConnectionsPerUser, in: 1...1_000_000) ?? maxConnectionsPerUser
        pingInterval = try reader.integer(.pingInterval, in: 1...3600) ?? pingInterval
        idleTimeout = try reader.integer(.idleTimeout, in: 2...7200) ?? idleTimeout
        nodeId = try reader.integer(.nodeId, in: 1...Int(UInt32.max)).map(String.init) ?? nodeId
        maxTokenTTL = try reader.integer(.maxTokenTTL, in: 60...31_622_400) ?? maxTokenTTL
        stream = try reader.string(.stream) ?? stream
        historyBytes = try reader.integer(.historyBytes, in: 65_536...17_179_869_184) ?? historyBytes
        maxConnectionsPerIP = try reader.integer(.maxConnectionsPerIP, in: 1...1_000_000)
        trustedProxies = Set(try reader.list(.trustedProxies) ?? [])
        httpHeaderTimeout = try reader.integer(.httpHeaderTimeout, in: 1...3600) ?? httpHeaderTimeout
        httpIdleTimeout = try reader.integer(.httpIdleTimeout, in: 1...3600) ?? httpIdleTimeout
        pusher = try PusherApp.read(from: reader)
        pusherMaxData = try reader.integer(.pusherMaxData, in: 1...1_048_576) ?? pusherMaxData
        presenceTTL = try reader.integer(.presenceTTL, in: 2...28) ?? presenceTTL
        presenceMaxMembers = try reader.integer(.presenceMaxMembers, in: 1...100_000) ?? presenceMaxMembers
        eventLoops = try reader.integer(.eventLoops, in: 1...256)
        try resolveSecret(settings[.secret])
    }

    /// Unset means loopback-only; set means a real secret, never an empty or guessable one.
    private static func broadcastToken(_ value: String?) throws(ConfigurationError) -> String? {
        guard let value else { return nil }
        let token = value.trimmingCharacters(in: .whitespaces)
        guard token.utf8.count >= 16 else {
            throw ConfigurationError(variable: SettingKey.broadcastToken.variable,
                                     problem: "is set but \(token.isEmpty ? "empty" : "only \(token.utf8.count) bytes"); use at least 16 bytes (e.g. `openssl rand -hex 24`), or unset it to allow loopback clients only")
        }
        return token
    }

    private mutating func resolveSecret(_ value: String?) throws(ConfigurationError) {
        let variable = SettingKey.secret.variable
        if let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
            guard value.utf8.count >= 32 else {
                throw ConfigurationError(variable: variable, problem: "is \(value.utf8.count) bytes; it must be at least 32 bytes (e.g. `openssl rand -hex 32`)")
            }
            secret = value
        } else if devMode {
            secret = Self.developmentSecret
        } else {
            throw ConfigurationError(variable: variable, problem: "is not set; set a key of at least 32 bytes, or run with --dev for local development")
        }
        if devMode, !["127.0.0.1", "::1", "localhost"].contains(host) {
            throw ConfigurationError(variable: SettingKey.host.variable, problem: "must be a loopback address with --dev (got \(host))")
        }
    }
}
