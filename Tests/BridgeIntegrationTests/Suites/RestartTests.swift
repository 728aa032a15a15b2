import NIOHTTP1
import Testing

/// docs/protocol.md#frames: ids are the log's, so they survive a bridge restart; a client that
/// resumes after one gets what was appended while no bridge ran.
@Suite("Ids across restarts")
struct RestartTests {
    @Test("after a bridge restart an id from before resumes, with what php-listener appended meanwhile")
    func restartKeepsIds() async throws {
        try await BridgeCluster.run { cluster in
            let configuration = BridgeConfiguration.standard
            let environment = configuration.environment(redisURL: cluster.redis.url)
            let first = try await cluster.start(environment: environment)
            let response = try await HTTPClient.request(
                .POST, port: first.port, path: "/broadcast",
                headers: [("Content-Type", "application/json"),
                          ("Authorization", "Bearer \(configuration.broadcastToken ?? "")")],
                body: Envelope.notification(userIDs: [5]).bytes)
            let seen = try #require(EventID(try response.json()["ids"]?[0]?.string), "\(response.text)")
            await first.stop()

            let whileDown = Envelope.notification(userIDs: [5], id: 4242)
            let appended = try await cluster.redis.command(["XADD", configuration.streamKey, "*", "m", whileDown.text])
            guard case .bulk(let bytes?) = appended, let appendedID = EventID(String(decoding: bytes, as: UTF8.self)) else {
                Issue.record("XADD answered \(appended)")
                return
            }

            let second = try await cluster.start(environment: environment)
            let token = try await TokenFactory(secret: configuration.secret).token(user: "5")
            let client = try await WSClient.connect(port: second.port, path: "/ws?token=\(token)&last_id=\(seen)")
            defer { client.close() }
            #expect(try await client.next()["type"] == "bridge:welcome")
            let missed = try await client.next()
            #expect(missed["id"]?.string == appendedID.description, "the entry appended while down (resumed from \(seen)): \(missed)")
            #expect(missed["data"]?["notification"]?["id"] == 4242)
            #expect(try await client.next() == ["type": "bridge:resumed", "missed": 1])
        }
    }
}
