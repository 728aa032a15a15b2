import Testing

/// Fan-out joins what one session takes from a batch into one write. A `/broadcast` batch is
/// one batch in the hub: sessions taking different messages from it must each get exactly
/// theirs, in batch order, and a blocked user nothing after the message that blocks them.
@Suite("Fan-out of one batch", .serialized, .stack())
struct FanOutBatchTests {
    @Test("sessions taking different messages of one batch get exactly theirs, in order")
    func mixedSelections() async throws {
        let stack = try Stack.require()
        let userA = "\(Envelope.uniqueID())", userB = "\(Envelope.uniqueID())"
        let a1 = try await stack.session(userA), a2 = try await stack.session(userA)
        let b = try await stack.session(userB)
        let admin = try await stack.session("\(Envelope.uniqueID())", roles: ["admin"])
        defer { [a1, a2, b, admin].forEach { $0.close() } }
        let ids = (1...6).map { _ in Envelope.uniqueID() }
        let batch: JSONValue = ["messages": [
            Envelope.notification(userIDs: [.string(userA)], id: ids[0]),
            Envelope.notification(userIDs: [.string(userB)], id: ids[1]),
            Envelope.notification(userIDs: [.string(userA), .string(userB)], id: ids[2]),
            Envelope.notification(roles: ["admin"], id: ids[3]),
            Envelope.notification(userIDs: [.string(userA)], id: ids[4]),
            Envelope.notification(userIDs: [.string(userB)], id: ids[5]),
        ]]
        #expect(try await stack.postBroadcast(batch.bytes).status == 202)
        let expected = [(a1, [0, 2, 4]), (a2, [0, 2, 4]), (b, [1, 2, 5]), (admin, [3])]
        let marker = try await Routing(stack: stack).sendMarker()
        for (session, indices) in expected {
            var got: [Int] = []
            while true {
                let frame = try await session.next()
                let id = frame["data"]?["notification"]?["id"]?.int
                if id == marker { break }
                got.append(ids.firstIndex { $0 == id } ?? -1)
            }
            #expect(got == indices, "user \(session.user): got batch positions \(got), expected \(indices)")
        }
    }

    @Test("a blocked user gets the message that blocks them, nothing after it, then 4003")
    func blockMidBatch() async throws {
        let stack = try Stack.require()
        let user = Envelope.uniqueID()
        let other = "\(Envelope.uniqueID())"
        let blocked = try await stack.session("\(user)")
        let bystander = try await stack.session(other)
        defer { blocked.close(); bystander.close() }
        let before = Envelope.uniqueID(), after = Envelope.uniqueID()
        let batch: JSONValue = ["messages": [
            Envelope.notification(userIDs: [.string("\(user)")], id: before),
            Envelope.userStatusChanged(user: .string("\(user)"), to: "blocked"),
            Envelope.notification(userIDs: [.string("\(user)"), .string(other)], id: after),
        ]]
        #expect(try await stack.postBroadcast(batch.bytes).status == 202)
        #expect(try await blocked.next()["data"]?["notification"]?["id"]?.int == before)
        #expect(try await blocked.next()["type"]?.string == "user_status_changed")
        await blocked.client.expectNoMessage(for: .milliseconds(500), "after the block")
        #expect(try await blocked.client.closeCode() == 4003)
        #expect(try await bystander.next()["data"]?["notification"]?["id"]?.int == after)
    }
}

extension FanOutBatchTests {
    @Test("after sessions leave from the middle of a loop's list, everyone still open gets every message")
    func sessionsLeavingMidList() async throws {
        let stack = try Stack.require()
        let users = (0..<8).map { _ in "\(Envelope.uniqueID())" }
        var sessions: [Session] = []
        for user in users { sessions.append(try await stack.session(user)) }
        defer { sessions.forEach { $0.close() } }
        let leaving: Set = [1, 3, 6]
        for index in leaving { sessions[index].close() }
        let settled = try await Eventually.holds(within: .seconds(5)) {
            try await stack.status()["sessions"]?.int == users.count - leaving.count
        }
        #expect(settled, "the bridge should count \(users.count - leaving.count) sessions after three closed")
        // Untargeted notifications go to every session: fan-out walks the loop's whole list.
        let first = Envelope.uniqueID()
        try await stack.publish(Envelope.notification(id: first))
        for index in sessions.indices where !leaving.contains(index) {
            #expect(try await sessions[index].next()["data"]?["notification"]?["id"]?.int == first, "session \(index)")
        }
        for index in leaving.sorted() { sessions[index] = try await stack.session(users[index]) }
        let second = Envelope.uniqueID()
        try await stack.publish(Envelope.notification(id: second))
        for (index, session) in sessions.enumerated() {
            #expect(try await session.next()["data"]?["notification"]?["id"]?.int == second, "session \(index)")
        }
    }
}
