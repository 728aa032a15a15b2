@testable import Bridge
import Testing

/// README.md#configuration, docs/pusher.md: the Pusher app is all three settings or none, Reverb's
/// names are read when Pusher's are unset, and the secret never shows.
@Suite("Pusher configuration")
struct PusherConfigurationTests {
    func make(_ settings: [SettingKey: String]) throws(ConfigurationError) -> BridgeConfiguration {
        var settings = settings
        settings[.secret] = String(repeating: "k", count: 32)
        return try BridgeConfiguration(settings: settings)
    }

    @Test("unset by default: no app, 10 KiB of data, the decoder refuses what /ws cannot route")
    func defaults() throws {
        let configuration = try make([:])
        #expect(configuration.pusher == nil)
        #expect(configuration.pusherMaxData == 10_240)
        #expect(configuration.decoder.channelEvents == false)
    }

    @Test("all three settings make an app; its description hides the secret")
    func app() throws {
        let configuration = try make([.pusherAppId: "1", .pusherAppKey: "key", .pusherAppSecret: "s3cret", .pusherMaxData: "2048"])
        #expect(configuration.pusher == PusherApp(id: "1", key: "key", secret: "s3cret"))
        #expect(configuration.pusherMaxData == 2048)
        #expect(configuration.decoder.channelEvents)
        #expect(!String(describing: configuration.pusher).contains("s3cret"))
    }

    @Test("some but not all settings stop start-up naming the missing one")
    func partial() {
        #expect(throws: ConfigurationError.self) { try make([.pusherAppId: "1", .pusherAppKey: "key"]) }
        do {
            _ = try make([.pusherAppKey: "key", .pusherAppSecret: "s"])
            Issue.record("accepted without PUSHER_APP_ID")
        } catch {
            #expect(error.variable == "PUSHER_APP_ID")
        }
        do {
            _ = try make([.pusherAppId: "1", .pusherAppKey: "a/b", .pusherAppSecret: "s"])
            Issue.record("accepted a key with a slash")
        } catch {
            #expect(error.variable == "PUSHER_APP_KEY")
        }
        #expect(throws: ConfigurationError.self) { try make([.pusherMaxData: "0"]) }
    }

    @Test("REVERB_APP_* are read when PUSHER_APP_* are unset, never over them")
    func reverbFallback() {
        let environment = ["REVERB_APP_ID": "9", "REVERB_APP_KEY": "rk", "PUSHER_APP_KEY": "pk"]
        #expect(SettingKey.pusherAppId.value(in: environment) == "9")
        #expect(SettingKey.pusherAppKey.value(in: environment) == "pk")
        #expect(SettingKey.pusherAppSecret.value(in: environment) == nil)
        #expect(SettingKey.redisURL.value(in: ["REDIS_URL": "redis://h:1"]) == "redis://h:1")
    }
}
