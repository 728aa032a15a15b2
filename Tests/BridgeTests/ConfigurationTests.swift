import Testing
@testable import Bridge

/// README.md#configuration, docs/protocol.md: defaults, and invalid values that stop start-up naming their variable.
@Suite("Configuration")
struct ConfigurationTests {
    static let secret = String(repeating: "k", count: 32)

    func make(_ settings: [SettingKey: String] = [:], devMode: Bool = false) throws(ConfigurationError) -> BridgeConfiguration {
        var settings = settings
        if !devMode, settings[.secret] == nil { settings[.secret] = Self.secret }
        return try BridgeConfiguration(settings: settings, devMode: devMode)
    }

    @Test("the defaults of README.md#configuration")
    func defaults() throws {
        let configuration = try make()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.authTimeout == 5)
        #expect(configuration.redis == RedisEndpoint(host: "127.0.0.1", port: 6379, password: nil, database: 0))
        #expect(configuration.channels == ["ict.events"])
        #expect(configuration.redisPrefix == "")
        #expect(configuration.secret == Self.secret)
        #expect(configuration.broadcastToken == nil)
        #expect(configuration.roles.staffRoles == ["admin", "technician"])
        #expect(configuration.roles.adminRoles == ["admin"])
        #expect(configuration.userChannel == "App.Models.User.{id}")
        #expect(configuration.allowedOrigins == ["*"])
        #expect(configuration.historyCapacity == 10_000)
        #expect(configuration.maxQueueBytes == 1_048_576)
        #expect(configuration.maxConnectionsPerUser == 20)
        #expect(configuration.pingInterval == 25)
        #expect(configuration.idleTimeout == 60)
        #expect(!configuration.devMode)
        #expect(configuration.eventLoops == nil)
        #expect(!configuration.nodeId.isEmpty && configuration.nodeId.allSatisfy(\.isNumber), "\(configuration.nodeId)")
    }

    @Test("every setting is read, lists split on commas and trimmed")
    func settingsAreRead() throws {
        let configuration = try make([
            .host: "0.0.0.0", .port: "9000", .authTimeout: "7", .redisURL: "redis://:pw@redis.local:6380/2",
            .channels: "ict.events, private-App.Models.User.* ,", .redisPrefix: "laravel_database_",
            .broadcastToken: "tok-0123456789abcdef", .staffRoles: "agent, lead", .adminRoles: "root", .userChannel: "users.{id}",
            .allowedOrigins: "https://a.example,https://b.example", .history: "50", .maxQueue: "4096",
            .maxConnectionsPerUser: "3", .pingInterval: "10", .idleTimeout: "30", .nodeId: "42", .eventLoops: "1",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.authTimeout == 7)
        #expect(configuration.redis == RedisEndpoint(host: "redis.local", port: 6380, password: "pw", database: 2))
        #expect(configuration.channels == ["ict.events", "private-App.Models.User.*"])
        #expect(configuration.redisPrefix == "laravel_database_")
        #expect(configuration.broadcastToken == "tok-0123456789abcdef")
        #expect(configuration.roles == RoleConfiguration(staffRoles: ["agent", "lead"], adminRoles: ["root"]))
        #expect(configuration.userChannel == "users.{id}")
        #expect(configuration.allowedOrigins == ["https://a.example", "https://b.example"])
        #expect(configuration.historyCapacity == 50)
        #expect(configuration.maxQueueBytes == 4096)
        #expect(configuration.maxConnectionsPerUser == 3)
        #expect(configuration.pingInterval == 10)
        #expect(configuration.idleTimeout == 30)
        #expect(configuration.nodeId == "42")
        #expect(configuration.eventLoops == 1)
    }

    @Test("an invalid value is refused naming its variable", arguments: [
        (SettingKey.secret, String(repeating: "k", count: 31)),
        (.secret, "short"),
        (.port, "70000"),
        (.port, "65536"),
        (.port, "-1"),
        (.port, "http"),
        (.authTimeout, "0"),
        (.redisURL, "http://127.0.0.1:6379"),
        (.redisURL, "redis://"),
        (.redisURL, "redis://127.0.0.1:70000"),
        (.redisURL, "redis://127.0.0.1:6379/zero"),
        (.channels, " , "),
        (.userChannel, "App.Models.User"),
        (.history, "0"),
        (.history, "many"),
        (.maxQueue, "10"),
        (.maxConnectionsPerUser, "0"),
        (.pingInterval, "0"),
        (.idleTimeout, "1"),
        (.nodeId, "node-a"),
        (.eventLoops, "0"),
        (.eventLoops, "257"),
    ])
    func invalidValue(key: SettingKey, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try make([key: value]) }
        #expect(error?.variable == key.variable)
        #expect(error?.description.contains(key.variable) == true, "\(String(describing: error))")
    }

    @Test("a broadcast token that is set must be at least 16 bytes: empty or short stops start-up")
    func broadcastTokenBound() throws {
        for value in ["", "  ", "short-token-15b"] {
            #expect(throws: ConfigurationError.self) { try make([.broadcastToken: value]) }
        }
        #expect(try make([.broadcastToken: "sixteen-bytes-ok"]).broadcastToken == "sixteen-bytes-ok")
    }

    @Test("an empty or blank value means unset (an env file's VAR=), keeping the default")
    func blankMeansUnset() throws {
        let configuration = try make([.host: "  ", .port: "", .nodeId: "", .channels: " "])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.broadcastToken == nil)
        #expect(configuration.channels == ["ict.events"])
        #expect(configuration.nodeId.allSatisfy { $0.isNumber })
        let error = #expect(throws: ConfigurationError.self) { try BridgeConfiguration(settings: [.secret: ""]) }
        #expect(error?.variable == "BRIDGE_SECRET")
    }

    @Test("BRIDGE_SECRET unset stops start-up naming it")
    func secretRequired() {
        let error = #expect(throws: ConfigurationError.self) { try BridgeConfiguration(settings: [:]) }
        #expect(error?.variable == "BRIDGE_SECRET")
    }

    @Test("BRIDGE_SECRET is measured in bytes: 32 bytes is enough")
    func secretBytes() throws {
        #expect(try make([.secret: String(repeating: "k", count: 32)]).secret.utf8.count == 32)
        let cyrillic = String(repeating: "ж", count: 16)
        #expect(try make([.secret: cyrillic]).secret == cyrillic)
        #expect(throws: ConfigurationError.self) { try make([.secret: String(repeating: "ж", count: 15)]) }
    }

    @Test("a bad REDIS_URL error never shows its password")
    func redisURLErrorHidesPassword() {
        let error = #expect(throws: ConfigurationError.self) {
            try make([.redisURL: "redis://:hunter2-secret@127.0.0.1:99999/0"])
        }
        #expect(error?.variable == "REDIS_URL")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("--dev uses the fixed development secret (≥ 32 bytes) when BRIDGE_SECRET is unset")
    func devSecret() throws {
        let configuration = try make(devMode: true)
        #expect(configuration.devMode)
        #expect(configuration.secret == "ict-bridge-development-secret-000")
        #expect(configuration.secret.utf8.count >= 32)
    }

    @Test("--dev binds to loopback only", arguments: ["127.0.0.1", "::1", "localhost"])
    func devLoopback(host: String) throws {
        #expect(try make([.host: host], devMode: true).host == host)
    }

    @Test("--dev refuses a non-loopback WEBSOCKET_HOST naming it", arguments: ["0.0.0.0", "192.168.1.10", "::"])
    func devRefusesPublicHost(host: String) {
        let error = #expect(throws: ConfigurationError.self) { try make([.host: host], devMode: true) }
        #expect(error?.variable == "WEBSOCKET_HOST")
    }

    @Test("BRIDGE_ALLOWED_ORIGINS: * allows any Origin; a list allows only its entries")
    func allowedOrigins() throws {
        let open = try make()
        #expect(open.allows(origin: "http://anything.example"))
        #expect(open.allows(origin: nil))
        let listed = try make([.allowedOrigins: "https://desk.example"])
        #expect(listed.allows(origin: "https://desk.example"))
        #expect(!listed.allows(origin: "https://evil.example"))
        #expect(!listed.allows(origin: "https://desk.example.evil"))
    }

    @Test("the decoder is built from the configured prefix, user channel and roles")
    func decoderFromConfiguration() throws {
        let configuration = try make([.redisPrefix: "p_", .userChannel: "users.{id}", .staffRoles: "agent"])
        let decoder = configuration.decoder
        let message = try #require(decoder.decode(#"{"event": "InvoicePaid", "data": {}}"#, channel: "p_private-users.9").success)
        #expect(message.audience.admitted() == ["author"])
        #expect(decoder.rules.roles.staffRoles == ["agent"])
    }
}
