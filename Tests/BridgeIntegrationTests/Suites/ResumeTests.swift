import Testing

/// docs/protocol.md#frames resume: replay of missed relevant events in order with original ids, then
/// bridge:resumed; bridge:resync for unknown, future or foreign-epoch ids.
@Suite("Resume", .serialized, .stack())
struct ResumeTests {
    /// Events for `user` published while no session is open; answers their ids.
    private func missedEvents(_ stack: Stack, user: Int, count: Int) async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<count {
            ids += try await stack.broadcast(Envelope.notification(userIDs: [.int(user)]))
            try await stack.broadcast(Envelope.notification(userIDs: [.int(user + 1)]))  // not relevant
        }
        return ids
    }

    private func expectReplay(_ session: Session, ids: [String]) async throws {
        for id in ids {
            let frame = try await session.next()
            #expect(frame["id"]?.string == id, "replayed in order with the original id \(id): \(frame)")
            #expect(frame["type"]?.string == "system_notification_created")
        }
        let resumed = try await session.next()
        #expect(resumed == ["type": "bridge:resumed", "missed": .int(ids.count)], "got \(resumed)")
    }

    @Test("?last_id replays what the user missed, in order, then bridge:resumed with the count")
    func resumeByQuery() async throws {
        let stack = try Stack.require()
        let last = try await stack.broadcast(Envelope.notification(userIDs: [70]))
        let missed = try await missedEvents(stack, user: 70, count: 3)
        let session = try await stack.session("70", query: "&last_id=\(last[0])")
        defer { session.close() }
        try await expectReplay(session, ids: missed)
    }

    @Test("a bridge:resume frame after the welcome does the same")
    func resumeByFrame() async throws {
        let stack = try Stack.require()
        let last = try await stack.broadcast(Envelope.notification(userIDs: [72]))
        let missed = try await missedEvents(stack, user: 72, count: 3)
        let session = try await stack.session("72")
        defer { session.close() }
        session.client.send(json: ["type": "bridge:resume", "last_id": .string(last[0])])
        try await expectReplay(session, ids: missed)
    }

    @Test("resuming from the id of someone else's event (a /messages cursor) replays only what came after it")
    func resumeFromIrrelevantID() async throws {
        let stack = try Stack.require()
        try await stack.broadcast(Envelope.notification(userIDs: [78]))
        let cursor = try await stack.broadcast(Envelope.notification(userIDs: [79]))[0]
        let after = try await stack.broadcast(Envelope.notification(userIDs: [78]))
        let session = try await stack.session("78", query: "&last_id=\(cursor)")
        defer { session.close() }
        try await expectReplay(session, ids: after)
    }

    @Test("resuming from the newest id gives missed 0")
    func resumeFromNewest() async throws {
        let stack = try Stack.require()
        let newest = try await stack.broadcast(Envelope.notification(userIDs: [74]))
        let session = try await stack.session("74", query: "&last_id=\(newest[0])")
        defer { session.close() }
        #expect(try await session.next() == ["type": "bridge:resumed", "missed": 0])
    }

    @Test("an unknown, future or pre-upgrade last_id gives bridge:resync", arguments: ["unknown", "future", "preUpgrade"])
    func resync(kind: String) async throws {
        let stack = try Stack.require()
        let newest = try #require(EventID(try await stack.broadcast(Envelope.notification(userIDs: [76]))[0]))
        let lastID: String
        switch kind {
        case "future": lastID = newest.future.description
        case "preUpgrade": lastID = newest.preUpgrade.description
        default: lastID = "no-such-id"
        }
        let session = try await stack.session("76", query: "&last_id=\(lastID)")
        defer { session.close() }
        #expect(try await session.next() == ["type": "bridge:resync"], "last_id \(lastID)")

        let byFrame = try await stack.session("76")
        defer { byFrame.close() }
        byFrame.client.send(json: ["type": "bridge:resume", "last_id": .string(lastID)])
        #expect(try await byFrame.next() == ["type": "bridge:resync"], "bridge:resume with \(lastID)")
    }
}
