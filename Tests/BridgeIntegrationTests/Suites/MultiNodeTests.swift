import Testing

/// SPEC §9: several bridges may share one Redis; each delivers to its own sessions.
@Suite("Two bridges on one Redis")
struct MultiNodeTests {
    @Test("one PUBLISH reaches the sessions of both bridges once each")
    func sharedRedis() async throws {
        let redis = try await RedisServer.start()
        let environment = BridgeConfiguration.standard.environment(redisURL: redis.url)
        var bridges: [BridgeProcess] = []
        do {
            for node in ["11", "22"] {
                bridges.append(try await BridgeProcess.start(
                    flags: ["--node-id", node], environment: environment, waitForReady: true))
            }
            let tokens = TokenFactory(secret: BridgeConfiguration.standard.secret)
            var clients: [WSClient] = []
            defer { clients.forEach { $0.close() } }
            for bridge in bridges {
                let client = try await WSClient.connect(
                    port: bridge.port, path: "/ws?token=\(try await tokens.token(user: "5"))")
                #expect(try await client.next()["type"] == "bridge:welcome")
                clients.append(client)
            }
            let id = Envelope.uniqueID()
            try await redis.publish(channel: "ict.events", json: Envelope.notification(id: id))
            for client in clients {
                #expect(try await client.next()["data"]?["notification"]?["id"]?.int == id)
                await client.expectNoMessage(for: .milliseconds(300), "(delivered twice)")
            }
        } catch {
            for bridge in bridges { await bridge.stop() }
            await redis.stop()
            throw error
        }
        for bridge in bridges { await bridge.stop() }
        await redis.stop()
    }
}
