import Foundation
import Testing

/// docs/pusher.md#presence-channels: `BRIDGE_PRESENCE_MAX_MEMBERS` sets the member cap that
/// Pusher fixes at 100, counted over every node.
@Suite("Pusher: presence member cap")
struct PusherPresenceLimitTests {
    @Test("BRIDGE_PRESENCE_MAX_MEMBERS=3 over two nodes: three users join, the fourth is refused, a member's second connection is not")
    func configuredCap() async throws {
        try await BridgeCluster.run { cluster in
            var environment = BridgeConfiguration.standard.environment(redisURL: cluster.redis.url)
            environment["BRIDGE_PRESENCE_MAX_MEMBERS"] = "3"
            let flags = PusherTestApp.configuration.flags
            let first = try await cluster.start(flags: flags + ["--node-id", "51"], environment: environment)
            let second = try await cluster.start(flags: flags + ["--node-id", "52"], environment: environment)
            var clients: [PusherClient] = []
            defer { for client in clients { client.close() } }
            for user in 1...3 {
                let client = try await PusherClient.connect(port: (user % 2 == 0 ? second : first).port)
                clients.append(client)
                #expect(try await client.joinPresence("presence-capped", user: String(user))["count"] == .int(user))
            }
            let late = try await PusherClient.connect(port: second.port)
            clients.append(late)
            let refused = try await late.subscribePresence("presence-capped", user: "4")
            #expect(refused["event"] == "pusher:subscription_error")
            #expect(refused["data"]?["type"] == "LimitReached" && refused["data"]?["status"] == 403)
            #expect(refused["data"]?["error"]?.string?.contains("has 3 members") == true, "\(refused)")
            #expect(PusherClient.ids(try await late.joinPresence("presence-capped", user: "1")) == ["1", "2", "3"])
        }
    }
}
