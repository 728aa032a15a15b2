import NIOHTTP1
import Testing

/// docs/pusher.md: one service across nodes, through the shared log; the app may be configured
/// with Reverb's variable names.
@Suite("Pusher: two nodes")
struct PusherAcrossNodesTests {
    @Test("an HTTP API event on one node and a Laravel event reach a Pusher connection on the other, once")
    func acrossNodes() async throws {
        try await BridgeCluster.run { cluster in
            let environment = BridgeConfiguration.standard.environment(redisURL: cluster.redis.url).merging([
                "REVERB_APP_ID": PusherTestApp.id, "REVERB_APP_KEY": PusherTestApp.key, "REVERB_APP_SECRET": PusherTestApp.secret,
            ]) { $1 }
            let first = try await cluster.start(flags: ["--node-id", "31"], environment: environment)
            let second = try await cluster.start(flags: ["--node-id", "32"], environment: environment)
            let client = try await PusherClient.connect(port: second.port)
            defer { client.close() }
            #expect(client.socketId.hasPrefix("32."))
            try await client.join("private-room.9")
            let body: JSONValue = ["name": "hello", "channel": "private-room.9", "data": "from 31"]
            let path = "/apps/\(PusherTestApp.id)/events"
            let response = try await HTTPClient.request(.POST, port: first.port,
                                                        path: "\(path)?\(PusherTestApp.signedQuery(path: path, body: body.bytes))",
                                                        headers: [("Content-Type", "application/json")], body: body.bytes)
            #expect(response.status == 200)
            #expect(try await client.next() == ["event": "hello", "channel": "private-room.9", "data": "from 31"])
            try await cluster.redis.publish(channel: "laravel_database_private-room.9",
                                            json: ["event": "Laravel", "data": ["n": 1], "socket": nil])
            #expect(try await client.next()["event"] == "Laravel")
            try await client.send(["event": "pusher:ping", "data": [:]])
            #expect(try await client.next()["event"] == "pusher:pong", "an event was delivered twice")
        }
    }
}
