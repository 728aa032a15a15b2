import Testing

extension ClusterTests {
    /// docs/protocol.md#who-receives-what ("Blocked users stay out"), #close-codes (4003, 4004) and
    /// #frames (`session_id` for `toOthers`): rules that hold across the nodes, not per node.
    @Suite("Blocks, the per-user limit and toOthers across nodes")
    struct ClusterRulesTests {
        @Test("a block PUBLISHed once closes the user's sessions on A and C with 4003, and B refuses them")
        func blockPublishedReachesEveryNode() async throws {
            try await ClusterNodes.run { nodes in
                try await Self.block(nodes, user: 40) { envelope in
                    try await nodes.redis.publish(channel: "ict.events", json: envelope)
                }
            }
        }

        @Test("a block POSTed to /broadcast on B closes the user's sessions on A and C with 4003, and B refuses them")
        func blockBroadcastReachesEveryNode() async throws {
            try await ClusterNodes.run { nodes in
                try await Self.block(nodes, user: 41) { envelope in
                    _ = try await nodes.broadcast(envelope, on: nodes.nodes[1])
                }
            }
        }

        private static func block(_ nodes: ClusterNodes, user: Int, send: (JSONValue) async throws -> Void) async throws {
            let (a, b, c) = (nodes.nodes[0], nodes.nodes[1], nodes.nodes[2])
            let onA = try await nodes.session("\(user)", on: a)
            let onC = try await nodes.session("\(user)", on: c)
            let bystander = try await nodes.session("\(user + 100)", on: b)
            defer { [onA, onC, bystander].forEach { $0.close() } }

            try await send(Envelope.userStatusChanged(user: .int(user), to: "blocked"))
            for (name, session) in [("A", onA), ("C", onC)] {
                let frame = try await session.next(timeout: .seconds(10))
                #expect(frame["type"]?.string == "user_status_changed", "on \(name): \(frame)")
                #expect(try await session.client.closeCode(timeout: .seconds(10)) == 4003, "the session on \(name)")
            }
            try await nodes.waitUntilDelivered()
            let refused = try await nodes.refusedSession("\(user)", on: b)
            #expect(refused.code == 4003, "a new session of the blocked user on B; frames before the close: \(refused.frames)")
            #expect(!refused.frames.contains { $0.contains("bridge:welcome") }, "B welcomed the blocked user: \(refused.frames)")
            // Another user on B is untouched.
            #expect(bystander.client.inbox.receivedCloseCode == nil && !bystander.client.inbox.isDisconnected)
        }

        @Test("a node started after a block refuses the user (4003, /messages 403); an unblock lets them in everywhere")
        func blockKnownToLateNodeAndLifted() async throws {
            try await ClusterNodes.run { nodes in
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.userStatusChanged(user: 42, to: "Disabled"))
                try await nodes.waitUntilDelivered()
                let late = try await nodes.startNode(id: 104)
                let refused = try await nodes.refusedSession("42", on: late)
                #expect(refused.code == 4003, "user 42 on the node started after the block: \(refused.frames)")
                let token = try await nodes.tokens.token(user: "42")
                let poll = try await HTTPClient.request(port: late.port, path: "/messages?since=0-0", headers: [("Authorization", "Bearer \(token)")])
                #expect(poll.status == 403, "/messages for the blocked user on the late node: \(poll.status) \(poll.text)")

                _ = try await nodes.broadcast(Envelope.userStatusChanged(user: 42, to: "active"), on: nodes.nodes[0])
                try await nodes.waitUntilDelivered()
                for node in nodes.nodes {
                    let session = try await nodes.session("42", on: node)
                    session.close()
                }
            }
        }

        @Test("10 sessions of a user on A and 10 on B: a 21st on C is refused with 4004")
        func connectionLimitCountsOtherNodes() async throws {
            try await ClusterNodes.run { nodes in
                let (a, b, c) = (nodes.nodes[0], nodes.nodes[1], nodes.nodes[2])
                var sessions: [Session] = []
                defer { sessions.forEach { $0.close() } }
                for node in [a, b] {
                    for _ in 0..<10 { sessions.append(try await nodes.session("50", on: node)) }
                }
                // C counts the others' sessions as they last reported them (every 2 s).
                try await nodes.waitForStatus(of: c, "cluster.sessions = 20 (A's and B's reports read)") {
                    $0["cluster"]?["sessions"]?.int == 20
                }
                let refused = try await nodes.refusedSession("50", on: c)
                #expect(refused.code == 4004, "the 21st session of user 50, on C; frames before the close: \(refused.frames)")
                // The limit is per user: another user still gets in on C.
                let other = try await nodes.session("51", on: c)
                other.close()
                for session in sessions {
                    #expect(session.client.inbox.receivedCloseCode == nil, "an earlier session of user 50 was closed")
                }
            }
        }

        @Test("toOthers: a Laravel publish whose socket is a session on A skips it, and reaches the user on B and C")
        func toOthersAcrossNodes() async throws {
            try await ClusterNodes.run { nodes in
                let onA = try await nodes.session("5", on: nodes.nodes[0])
                let onB = try await nodes.session("5", on: nodes.nodes[1])
                let onC = try await nodes.session("5", on: nodes.nodes[2])
                defer { [onA, onB, onC].forEach { $0.close() } }
                #expect(Set([onA, onB, onC].map(\.sessionID)).count == 3, "session ids are unique across nodes")

                let ticket = Envelope.ticket(requester: 5)
                let payload: JSONValue = [
                    "event": "App\\Events\\TicketCreated",
                    "data": ["ticket": ticket, "socket": .string(onA.sessionID)],
                    "socket": .string(onA.sessionID),
                ]
                try await nodes.redis.evalBroadcast(
                    channels: [nodes.configuration.redisPrefix + "private-App.Models.User.5"], payload: payload.bytes)
                let marker = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: marker))

                for (name, session) in [("B", onB), ("C", onC)] {
                    let frame = try await session.next(timeout: .seconds(10))
                    #expect(frame["type"]?.string == "ticket_created" && frame["data"]?["ticket"]?["id"] == ticket["id"],
                            "user 5 on \(name) should get the ticket first: \(frame)")
                    try await session.expectMarker(marker, "after the ticket on \(name)")
                }
                try await onA.expectMarker(marker, "(the ticket was sent toOthers of this very session \(onA.sessionID))")
            }
        }
    }
}
