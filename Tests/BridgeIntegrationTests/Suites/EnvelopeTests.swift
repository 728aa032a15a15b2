import Foundation
import Testing

/// docs/protocol.md: ingest envelopes, the event frame shape and ids.
@Suite("Envelopes and event frames", .serialized, .stack())
struct EnvelopeTests {
    @Test("a listener envelope from Redis arrives as {id, type, ts, data} without audience")
    func listenerEnvelopeFrameShape() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        let envelope = Envelope.listener(
            "ticket_created", ["ticket": Envelope.ticket(requester: 7)], audience: ["users": [9]])
        try await stack.publish(envelope)
        let frame = try await session.next()
        #expect(frame["type"]?.string == "ticket_created")
        #expect(frame["data"] == envelope["data"], "data must arrive unchanged")
        #expect(frame["audience"] == nil, "audience must not reach clients")
        #expect(frame["id"]?.string?.wholeMatch(of: /\d+-\d+/) != nil, "id is <epoch>-<seq>: \(frame)")
        let timestamp = try #require(frame["ts"]?.string)
        #expect(ISO8601.parse(timestamp) != nil, "ts is ISO-8601: \(timestamp)")
    }

    @Test("audience and occurred_at are optional")
    func minimalEnvelope() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        try await stack.publish(["type": "ticket_created", "data": ["ticket": ["id": 1, "requester_id": 7]]])
        #expect(try await session.next()["type"]?.string == "ticket_created")
    }

    @Test("user ids match as strings: requester_id \"7\" reaches sub 7, requester_id 7 reaches sub \"7\"")
    func idsMatchAsStrings() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        try await stack.publish(Envelope.listener("ticket_created", ["ticket": ["id": 2, "requester_id": "7"]]))
        #expect(try await session.next()["data"]?["ticket"]?["requester_id"] == "7")
        try await stack.publish(Envelope.listener("ticket_created", ["ticket": ["id": 3, "requester_id": 7]]))
        #expect(try await session.next()["data"]?["ticket"]?["id"] == 3)
    }

    @Test("one message has the same id in every session; ids grow, and rejected input is not logged")
    func idsAreSharedAndConsecutive() async throws {
        let stack = try Stack.require()
        let first = try await stack.session("7")
        let second = try await stack.session("8")
        defer { first.close(); second.close() }
        try await stack.publish(Envelope.notification())
        let a = try await first.next(), b = try await second.next()
        #expect(a["id"] != nil && a["id"] == b["id"], "same message, same id: \(a) vs \(b)")
        try await stack.redis.publish(channel: "ict.events", payload: Array("not json".utf8))
        try await stack.publish(Envelope.notification())
        let next = try await first.next()
        let before = try #require(EventID(a["id"]?.string)), after = try #require(EventID(next["id"]?.string))
        #expect(after > before, "ids grow: \(before) then \(after)")
        let key = stack.configuration.streamKey
        let between = try await stack.redis.command(["XRANGE", key, "(\(before)", "(\(after)"])
        #expect(between == .array([]), "rejected input is not appended to the log: \(between)")
        let both = try await stack.redis.command(["XRANGE", key, "\(before)", "\(after)"])
        guard case .array(let entries?) = both else { throw SupportError("XRANGE \(key) answered \(both)") }
        #expect(entries.count == 2, "the two accepted messages are in the log under their ids: \(both)")
    }

    @Test("an event whose type starts with bridge: never reaches a client")
    func bridgeTypedEventsAreDropped() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        try await stack.publish(Envelope.listener("bridge:welcome", ["x": 1], audience: ["everyone": true]))
        try await Routing(stack: stack).expect("bridge:welcome", reaches: [], notReaches: [session])
    }

    @Test("an unknown listener type reaches its audience only")
    func unknownListenerTypeReachesAudience() async throws {
        let stack = try Stack.require()
        let target = try await stack.session("9")
        let staff = try await stack.session("100", roles: ["admin", "technician"])
        defer { target.close(); staff.close() }
        try await stack.publish(Envelope.listener("invoice_paid", ["invoice": ["id": 1]], audience: ["users": [9]]))
        let frames = try await Routing(stack: stack).expect("invoice_paid", reaches: [target], notReaches: [staff])
        #expect(frames.first?["data"]?["invoice"]?["id"] == 1)
    }

    @Test("order is preserved per session: a burst of 50 arrives in publish order with growing ids")
    func burstKeepsOrder() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        let ids = (0..<50).map { _ in Envelope.uniqueID() }
        for id in ids { try await stack.publish(Envelope.notification(id: id)) }
        var received: [Int] = []
        var eventIDs: [EventID] = []
        for _ in ids {
            let frame = try await session.next()
            received.append(frame["data"]?["notification"]?["id"]?.int ?? -1)
            eventIDs.append(EventID(frame["id"]?.string) ?? EventID(milliseconds: 0, sequence: 0))
        }
        #expect(received == ids)
        #expect(zip(eventIDs, eventIDs.dropFirst()).allSatisfy { $0 < $1 }, "growing ids: \(eventIDs)")
    }
}
