import Testing

extension ClusterTests {
    /// docs/protocol.md ("Writers": pub/sub input is "appended once per publication … nothing is
    /// lost") and docs/architecture.md ("Pub/sub input, appended once"): a payload published again
    /// is a new publication and must be logged and delivered again, also when the nodes that saw
    /// the first one have been restarted (a deploy) since.
    @Suite("A publication repeated across a restart")
    struct RepeatAcrossRestartTests {
        /// Laravel's broadcaster payload carries no timestamp: the same event broadcast twice (a
        /// status flipped back and forth, a retried job) is the same bytes twice.
        static func laravelNotification(id: Int) -> JSONValue {
            [
                "event": "App\\Events\\SystemNotificationCreated",
                "data": ["notification": ["id": .int(id), "title": "Printer back online"], "socket": .null],
                "socket": .null,
            ]
        }

        @Test("Laravel broadcasts the same payload before and after every node restarted: the second is delivered too")
        func repeatAfterEveryNodeRestarted() async throws {
            try await ClusterNodes.run { nodes in
                let id = Envelope.uniqueID()
                let payload = Self.laravelNotification(id: id)
                let channel = nodes.configuration.redisPrefix + "private-App.Models.User.5"
                let before = try await nodes.session("5", on: nodes.nodes[0])
                try await nodes.redis.evalBroadcast(channels: [channel], payload: payload.bytes)
                let first = try await before.next(timeout: .seconds(10))
                #expect(first["data"]?["notification"]?["id"]?.int == id, "\(first)")
                let firstPublished = ContinuousClock.now
                before.close()

                await nodes.stopAll()
                for node in [201, 202, 203] { try await nodes.startNode(id: node) }
                let after = try await nodes.session("5", on: nodes.nodes[1])
                defer { after.close() }
                try await nodes.redis.evalBroadcast(channels: [channel], payload: payload.bytes)
                let sinceFirst = ContinuousClock.now - firstPublished

                let marker = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: marker))
                let frame = try await after.next(timeout: .seconds(10))
                let logged = try await nodes.entries(after: "0-0").map(\.id)
                #expect(frame["data"]?["notification"]?["id"]?.int == id,
                        "the repeat, published \(sinceFirst) after the first and after every node restarted, was not delivered (got \(frame)); the log holds \(logged.count) entries: \(logged)")
            }
        }

        @Test("the same payload published again, with a node that joined in between: logged and delivered once",
              .timeLimit(.minutes(2)))
        func repeatWithNodeJoinedBetween() async throws {
            try await ClusterNodes.run { nodes in
                let id = Envelope.uniqueID()
                let payload = Self.laravelNotification(id: id)
                let channel = nodes.configuration.redisPrefix + "private-App.Models.User.5"
                let session = try await nodes.session("5", on: nodes.nodes[0])
                defer { session.close() }
                try await nodes.redis.evalBroadcast(channels: [channel], payload: payload.bytes)
                let first = try await session.next(timeout: .seconds(10))
                #expect(first["data"]?["notification"]?["id"]?.int == id, "\(first)")
                let firstPublished = ContinuousClock.now
                let firstID = try #require(first["id"]?.string)

                // A fourth node joins after the first publication (a deploy adding a node, a restart):
                // it never saw the first copy, the others did; all four receive the repeat.
                try await nodes.startNode(id: 104)
                try await nodes.redis.evalBroadcast(channels: [channel], payload: payload.bytes)
                let sinceFirst = ContinuousClock.now - firstPublished

                let repeated = try await session.next(timeout: .seconds(10))
                #expect(repeated["data"]?["notification"]?["id"]?.int == id, "the repeat: \(repeated)")
                // Whichever node offers last appends a second copy, possibly well after the first:
                // every copy that reaches the session within 2 s more, and the log, must hold just one.
                var more: [JSONValue] = []
                let deadline = ContinuousClock.now.advanced(by: .seconds(2))
                while ContinuousClock.now < deadline {
                    if let text = await session.client.inbox.unexpectedText(within: .milliseconds(100)) { more.append(try JSONValue.parse(text)) }
                }
                let copies = try await nodes.entries(after: firstID).filter { $0.envelope["data"]?["notification"]?["id"]?.int == id }
                #expect(copies.count == 1, "the repeat (published \(sinceFirst) after the first) was logged \(copies.count) times: \(copies.map(\.id))")
                #expect(more.isEmpty, "the session got the repeat again: \(more)")
            }
        }
    }
}
