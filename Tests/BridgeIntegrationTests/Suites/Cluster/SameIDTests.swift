import Testing

extension ClusterTests {
    /// docs/protocol.md#ids-resume-resync and #ingest-envelopes: one publication is one log entry,
    /// so every node delivers it under the same id, once per session.
    @Suite("One publication, one id on every node")
    struct SameIDTests {
        @Test("a Redis PUBLISH reaches sessions on A, B and C with the same id, once each")
        func publishHasOneID() async throws {
            try await ClusterNodes.run { nodes in
                var sessions: [Session] = []
                defer { sessions.forEach { $0.close() } }
                for node in nodes.nodes { sessions.append(try await nodes.session("5", on: node)) }

                let id = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [5], id: id))
                var ids: [String] = []
                for session in sessions {
                    let frame = try await session.next(timeout: .seconds(10))
                    #expect(frame["data"]?["notification"]?["id"]?.int == id, "\(frame)")
                    ids.append(frame["id"]?.string ?? "none")
                }
                #expect(Set(ids).count == 1, "ids per node: \(ids)")
                let logged = try await nodes.entries(after: "0-0")
                #expect(logged.map(\.id) == [ids[0]], "the log holds the publication once, under the delivered id: \(logged.map(\.id))")

                let marker = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: marker))
                for session in sessions { try await session.expectMarker(marker, "(the publication must not come twice)") }
            }
        }

        @Test("Laravel's EVAL on two channels reaches sessions on A, B and C once, with the same id")
        func laravelEvalHasOneID() async throws {
            try await ClusterNodes.run { nodes in
                var sessions: [Session] = []
                defer { sessions.forEach { $0.close() } }
                for node in nodes.nodes { sessions.append(try await nodes.session("5", on: node)) }
                let other = try await nodes.session("6", on: nodes.nodes[1])
                defer { other.close() }

                // One event broadcast by Laravel on the user's private channel and a public channel:
                // one EVAL publishing the same payload on both, as RedisBroadcaster does.
                let id = Envelope.uniqueID()
                let payload: JSONValue = [
                    "event": "App\\Events\\SystemNotificationCreated",
                    "data": ["notification": ["id": .int(id), "title": "Laravel says hi"], "socket": .null],
                    "socket": .null,
                ]
                let prefix = nodes.configuration.redisPrefix
                try await nodes.redis.evalBroadcast(
                    channels: [prefix + "private-App.Models.User.5", prefix + "orders"], payload: payload.bytes)

                var ids: [String] = []
                for session in sessions + [other] {
                    let frame = try await session.next(timeout: .seconds(10))
                    #expect(frame["type"]?.string == "system_notification_created" && frame["data"]?["notification"]?["id"]?.int == id,
                            "user \(session.user): \(frame)")
                    ids.append(frame["id"]?.string ?? "none")
                }
                #expect(Set(ids).count == 1, "ids per session (A, B, C, then user 6 on B): \(ids)")

                let marker = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: marker))
                for session in sessions + [other] {
                    try await session.expectMarker(marker, "(one EVAL on two channels is one message per session)")
                }
            }
        }

        /// README.md: "pub/sub input is appended once per publication"; the same bytes published
        /// twice are two publications (two entries), not one deduplicated by the seen keys.
        @Test("the same payload PUBLISHed twice is two messages, under the same two ids on A, B and C")
        func identicalPublicationsStayTwo() async throws {
            try await ClusterNodes.run { nodes in
                var sessions: [Session] = []
                defer { sessions.forEach { $0.close() } }
                for node in nodes.nodes { sessions.append(try await nodes.session("5", on: node)) }

                let id = Envelope.uniqueID()
                let envelope = Envelope.notification(userIDs: [5], id: id)
                try await nodes.redis.publish(channel: "ict.events", json: envelope)
                try await nodes.redis.publish(channel: "ict.events", json: envelope)
                let marker = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: marker))

                var idsPerNode: [[String]] = []
                for session in sessions {
                    var ids: [String] = []
                    for _ in 0..<2 {
                        let frame = try await session.next(timeout: .seconds(10))
                        #expect(frame["data"]?["notification"]?["id"]?.int == id, "\(frame)")
                        ids.append(frame["id"]?.string ?? "none")
                    }
                    try await session.expectMarker(marker, "after the two copies")
                    idsPerNode.append(ids)
                }
                #expect(Set(idsPerNode.map { $0.joined(separator: ",") }).count == 1 && Set(idsPerNode[0]).count == 2,
                        "ids on A, B, C: \(idsPerNode)")
            }
        }

        /// docs/protocol.md#post-broadcast: `/broadcast` appends to the log on any node.
        @Test("/broadcast on A reaches a session on C with the id /broadcast answered")
        func broadcastOnOneNodeReachesAnother() async throws {
            try await ClusterNodes.run { nodes in
                let onC = try await nodes.session("5", on: nodes.nodes[2])
                defer { onC.close() }
                let id = Envelope.uniqueID()
                let answered = try await nodes.broadcast(Envelope.notification(userIDs: [5], id: id), on: nodes.nodes[0])
                #expect(answered.count == 1, "\(answered)")
                let frame = try await onC.next(timeout: .seconds(10))
                #expect(frame["data"]?["notification"]?["id"]?.int == id, "\(frame)")
                #expect(frame["id"]?.string == answered.first, "id on C \(frame["id"] ?? .null), /broadcast on A answered \(answered)")
            }
        }
    }
}
