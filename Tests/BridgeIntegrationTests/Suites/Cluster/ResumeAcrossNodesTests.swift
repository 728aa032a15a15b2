import Testing

extension ClusterTests {
    /// docs/protocol.md#ids-resume-resync and #get-messages: ids are the log's, so an id from one
    /// node resumes on another, and every node holds what was appended before it started.
    @Suite("Resume and polling on another node")
    struct ResumeAcrossNodesTests {
        /// Event 1 (seen on A), then 2–5 while the client is away: 2 and 4 are for user 5, 3 and 5 are not.
        private static func publishMissed(_ nodes: ClusterNodes) async throws -> (relevant: [Int], all: [Int]) {
            let two = Envelope.uniqueID(), three = Envelope.uniqueID(), four = Envelope.uniqueID(), five = Envelope.uniqueID()
            try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [5], id: two))
            try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [6], id: three))
            _ = try await nodes.broadcast(Envelope.notification(userIDs: [5], id: four), on: nodes.nodes[2])
            try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(roles: ["admin"], id: five))
            return ([two, four], [two, three, four, five])
        }

        /// The log's ids of the notifications `expected`, after `since`, in log order; requires all
        /// of `all` to be logged (bounded wait: pub/sub input is appended asynchronously).
        private static func loggedIDs(_ nodes: ClusterNodes, after since: String, all: [Int], of expected: [Int]) async throws -> [String] {
            let log = nodes.log
            let complete = await Eventually.holds(within: .seconds(15), every: .milliseconds(50)) {
                ((try? await log.entries(after: since))?.count ?? 0) >= all.count
            }
            #expect(complete, "the log never held the \(all.count) events published after \(since)")
            let entries = try await log.entries(after: since)
            let order = entries.compactMap { $0.envelope["data"]?["notification"]?["id"]?.int }
            #expect(order == all, "the log's order of the missed events")
            return entries.filter { expected.contains($0.envelope["data"]?["notification"]?["id"]?.int ?? -1) }.map(\.id)
        }

        @Test("a session that saw event 1 on A resumes on B with exactly the relevant missed events, in order")
        func resumeOnAnotherNode() async throws {
            try await ClusterNodes.run { nodes in
                let (a, b) = (nodes.nodes[0], nodes.nodes[1])
                let first = try await nodes.session("5", on: a)
                let one = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [5], id: one))
                let seen = try await first.next(timeout: .seconds(10))
                #expect(seen["data"]?["notification"]?["id"]?.int == one, "\(seen)")
                let lastID = try #require(seen["id"]?.string)
                first.close()

                let (relevant, all) = try await Self.publishMissed(nodes)
                let expectedIDs = try await Self.loggedIDs(nodes, after: lastID, all: all, of: relevant)
                try await nodes.waitUntilDelivered()

                let resumed = try await nodes.session("5", on: b, query: "&last_id=\(lastID)")
                defer { resumed.close() }
                var replayed: [JSONValue] = []
                while true {
                    let frame = try await resumed.next(timeout: .seconds(10))
                    if frame["type"]?.string == "bridge:resumed" {
                        #expect(frame["missed"]?.int == relevant.count, "\(frame)")
                        break
                    }
                    replayed.append(frame)
                    if replayed.count > all.count + 1 { break }
                }
                #expect(replayed.compactMap { $0["data"]?["notification"]?["id"]?.int } == relevant, "replayed on B: \(replayed)")
                #expect(replayed.compactMap { $0["id"]?.string } == expectedIDs, "the log's ids, as A and every node gives them")
            }
        }

        @Test("GET /messages?since=<id from A> on C answers exactly the relevant missed events, in order")
        func pollOnAnotherNode() async throws {
            try await ClusterNodes.run { nodes in
                let (a, c) = (nodes.nodes[0], nodes.nodes[2])
                let first = try await nodes.session("5", on: a)
                defer { first.close() }
                let one = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [5], id: one))
                let seen = try await first.next(timeout: .seconds(10))
                let lastID = try #require(seen["id"]?.string, "\(seen)")

                let (relevant, all) = try await Self.publishMissed(nodes)
                let expectedIDs = try await Self.loggedIDs(nodes, after: lastID, all: all, of: relevant)
                try await nodes.waitUntilDelivered()

                let answer = try await nodes.messages(for: "5", since: lastID, on: c)
                #expect(answer["resync"]?.bool == false, "\(answer)")
                let messages = answer["messages"]?.array ?? []
                #expect(messages.compactMap { $0["data"]?["notification"]?["id"]?.int } == relevant, "\(answer)")
                #expect(messages.compactMap { $0["id"]?.string } == expectedIDs, "\(answer)")
                let head = try await nodes.headID()
                #expect(answer["last_id"]?.string == head, "last_id is the log's newest id \(head ?? "nil"): \(answer)")
            }
        }

        /// docs/protocol.md#ids-resume-resync: ids are the log's, and the log outlives every node.
        @Test("all nodes stopped, entries XADDed as php-listener does, nodes started again: a resume gets every one")
        func resumeAfterEveryNodeRestarted() async throws {
            try await ClusterNodes.run { nodes in
                let first = try await nodes.session("5", on: nodes.nodes[1])
                let one = Envelope.uniqueID()
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(userIDs: [5], id: one))
                let seen = try await first.next(timeout: .seconds(10))
                let lastID = try #require(seen["id"]?.string, "\(seen)")
                first.close()

                await nodes.stopAll()
                var appended: [(id: String, notification: Int)] = []
                for _ in 0..<4 {
                    let id = Envelope.uniqueID()
                    appended.append((try await nodes.appendAsListener(Envelope.notification(userIDs: [5], id: id)), id))
                }
                _ = try await nodes.appendAsListener(Envelope.notification(userIDs: [6]))  // not user 5's
                let last = Envelope.uniqueID()
                appended.append((try await nodes.appendAsListener(Envelope.ticketCreated(requester: 5).settingNotification(last)), last))

                for id in [201, 202, 203] { try await nodes.startNode(id: id) }
                for node in nodes.nodes {
                    let resumed = try await nodes.session("5", on: node, query: "&last_id=\(lastID)")
                    defer { resumed.close() }
                    var ids: [String] = []
                    for _ in appended {
                        let frame = try await resumed.next(timeout: .seconds(10))
                        ids.append(frame["id"]?.string ?? "\(frame)")
                    }
                    #expect(ids == appended.map(\.id), "node on port \(node.port) replayed \(ids); XADD answered \(appended.map(\.id))")
                    #expect(try await resumed.next(timeout: .seconds(10)) == ["type": "bridge:resumed", "missed": .int(appended.count)])
                    let polled = try await nodes.messages(for: "5", since: lastID, on: node)
                    #expect(polled["messages"]?.array?.compactMap { $0["id"]?.string } == appended.map(\.id),
                            "GET /messages?since= on port \(node.port): \(polled)")
                }
            }
        }
    }
}

extension JSONValue {
    /// A copy of a listener envelope, for telling it apart in a test (`data.marker`).
    fileprivate func settingNotification(_ marker: Int) -> JSONValue {
        guard var members = object, var data = members["data"]?.object else { return self }
        data["marker"] = .int(marker)
        members["data"] = .object(data)
        return .object(members)
    }
}
