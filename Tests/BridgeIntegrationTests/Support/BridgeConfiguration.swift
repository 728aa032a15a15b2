/// How a test stack's bridge is configured. Every suite with different needs gets its own bridge.
struct BridgeConfiguration: Sendable {
    /// A test secret (the dev secret is never used) of 64 bytes: long enough for HS256 and also
    /// for forging HS384/HS512 tokens with it, which JWTKit only allows with a key ≥ the hash size.
    var secret = "integration-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-01"
    var broadcastToken: String? = "itest-broadcast-token"
    /// As the README documents: entries as Laravel names them; with a prefix set the bridge
    /// subscribes to each both bare (Redis Cluster) and prefixed. `orders`/`tickets` are the
    /// public channels the Laravel tests use.
    var channels = "ict.events,private-*,presence-*,orders,tickets"
    var redisPrefix = "laravel_database_"
    var allowedOrigins: String? = "http://allowed.example,http://second.example"
    /// Any further `bridge serve` flags, e.g. `["--history", "5"]`.
    var flags: [String] = []
    var waitForReady = true
    /// Runs the suite's redis-server with this password (and puts it in REDIS_URL).
    var redisPassword: String?

    static let standard = BridgeConfiguration()

    /// The shared log's Redis key: the prefix, then the default BRIDGE_STREAM.
    var streamKey: String { redisPrefix + "bridge:events" }

    /// A copy with `change` applied: `.standard.with { $0.flags = ["--history", "5"] }`.
    func with(_ change: (inout BridgeConfiguration) -> Void) -> BridgeConfiguration {
        var copy = self
        change(&copy)
        return copy
    }

    /// The environment for the bridge, pointing it at `redisURL`.
    func environment(redisURL: String) -> [String: String] {
        var environment = [
            "REDIS_URL": redisURL,
            "BRIDGE_SECRET": secret,
            "BRIDGE_CHANNELS": channels,
            "BRIDGE_REDIS_PREFIX": redisPrefix,
        ]
        environment["BRIDGE_BROADCAST_TOKEN"] = broadcastToken
        environment["BRIDGE_ALLOWED_ORIGINS"] = allowedOrigins
        return environment
    }
}
