import NIOHTTP1
import Testing

/// docs/pusher.md: client events and help-desk events are one service across nodes, through the
/// shared log.
@Suite("Pusher: client and help-desk events on two nodes")
struct PusherUsersAcrossNodesTests {
    @Test("a whisper on one node reaches subscribers on both nodes, not its sender; a /broadcast on one node reaches the right signed-in users on the other")
    func acrossNodes() async throws {
        try await BridgeCluster.run { cluster in
            let configuration = PusherTestApp.configuration
            let environment = configuration.environment(redisURL: cluster.redis.url)
            let first = try await cluster.start(flags: configuration.flags + ["--node-id", "41"], environment: environment)
            let second = try await cluster.start(flags: configuration.flags + ["--node-id", "42"], environment: environment)

            let sender = try await PusherClient.connect(port: first.port)
            let near = try await PusherClient.connect(port: first.port)
            let far = try await PusherClient.connect(port: second.port)
            defer { sender.close(); near.close(); far.close() }
            for client in [sender, near, far] { try await client.join("private-chat.9") }
            try await sender.whisper("client-typing", on: "private-chat.9", data: ["from": "41"])
            for client in [near, far] {
                let frame = try await client.next()
                #expect(frame["event"] == "client-typing")
                #expect(frame["channel"] == "private-chat.9")
            }
            try await sender.send(["event": "pusher:ping", "data": [:]])
            #expect(try await sender.next()["event"] == "pusher:pong", "the sender got its own client event back")

            let staff = try await PusherClient.signedIn(port: second.port, id: "100", roles: ["technician"])
            let requester = try await PusherClient.signedIn(port: second.port, id: "7")
            defer { staff.close(); requester.close() }
            // Events and the marker enter through the first node's /broadcast.
            let routing = PusherUserRouting { envelope in
                let answer = try await HTTPClient.request(.POST, port: first.port, path: "/broadcast",
                                                          headers: [("Content-Type", "application/json"),
                                                                    ("Authorization", "Bearer \(configuration.broadcastToken ?? "")")],
                                                          body: envelope.bytes)
                guard answer.status == 202 else { throw SupportError("/broadcast answered \(answer.status): \(answer.text)") }
            }
            try await routing.publish(Envelope.commentCreated(requester: 7, assignee: nil, author: 100, isInternal: true))
            try await routing.expect("ticket_comment_created", reaches: [(staff, "100")], notReaches: [(requester, "7")])
        }
    }
}
