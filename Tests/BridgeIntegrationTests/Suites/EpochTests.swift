import NIOHTTP1
import Testing

/// docs/protocol.md#frames: the epoch changes each time the history starts empty (a bridge restart), and a
/// last_id from the previous epoch gives bridge:resync.
@Suite("Epoch across restarts")
struct EpochTests {
    @Test("after a bridge restart ids have a new epoch and an old last_id resyncs")
    func restartChangesEpoch() async throws {
        try await BridgeCluster.run { cluster in
            let configuration = BridgeConfiguration.standard
            let environment = configuration.environment(redisURL: cluster.redis.url)
            var epochs: [EventID] = []
            for _ in 0..<2 {
                let bridge = try await cluster.start(environment: environment)
                let response = try await HTTPClient.request(
                    .POST, port: bridge.port, path: "/broadcast",
                    headers: [("Content-Type", "application/json"),
                              ("Authorization", "Bearer \(configuration.broadcastToken ?? "")")],
                    body: Envelope.notification(userIDs: [5]).bytes)
                epochs.append(try #require(EventID(try response.json()["ids"]?[0]?.string), "\(response.text)"))
                if epochs.count == 1 { await bridge.stop() }
            }
            #expect(epochs[0].epoch != epochs[1].epoch, "epochs \(epochs)")
            let token = try await TokenFactory(secret: configuration.secret).token(user: "5")
            let client = try await WSClient.connect(
                port: cluster.bridges[1].port, path: "/ws?token=\(token)&last_id=\(epochs[0])")
            defer { client.close() }
            #expect(try await client.next()["type"] == "bridge:welcome")
            #expect(try await client.next() == ["type": "bridge:resync"])
        }
    }
}
