import Testing

/// README.md: several bridges may share one Redis; each delivers to its own sessions.
@Suite("Two bridges on one Redis")
struct MultiNodeTests {
    @Test("one PUBLISH reaches the sessions of both bridges once each")
    func sharedRedis() async throws {
        try await BridgeCluster.run { cluster in
            let environment = BridgeConfiguration.standard.environment(redisURL: cluster.redis.url)
            for node in ["11", "22"] {
                try await cluster.start(flags: ["--node-id", node], environment: environment)
            }
            let tokens = TokenFactory(secret: BridgeConfiguration.standard.secret)
            var clients: [WSClient] = []
            defer { clients.forEach { $0.close() } }
            for bridge in cluster.bridges {
                let client = try await WSClient.connect(
                    port: bridge.port, path: "/ws?token=\(try await tokens.token(user: "5"))")
                #expect(try await client.next()["type"] == "bridge:welcome")
                clients.append(client)
            }
            let id = Envelope.uniqueID()
            try await cluster.redis.publish(channel: "ict.events", json: Envelope.notification(id: id))
            for client in clients {
                #expect(try await client.next()["data"]?["notification"]?["id"]?.int == id)
                await client.expectNoMessage(for: .milliseconds(300), "(delivered twice)")
            }
        }
    }
}
