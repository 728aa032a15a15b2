import Testing

/// docs/protocol.md#ingest-envelopes: Laravel events of no known type: public channels mean everyone, a user channel
/// that user, any other private/presence/encrypted channel is unroutable.
@Suite("Laravel broadcaster: unknown events", .serialized, .stack())
struct LaravelUnknownEventTests {
    @Test("an unknown event on a public channel reaches everyone and keeps its name exactly",
          arguments: [("App\\Events\\InvoicePaid", "App\\Events\\InvoicePaid"), (".invoice.paid", "invoice.paid")])
    func unknownEventOnPublicChannel(event: String, expected: String) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.laravelBroadcast(event: event, data: ["invoice": ["id": 1]], channels: ["orders"])
        let frames = try await Routing(stack: stack).expect(expected, reaches: cast.all, notReaches: [])
        #expect(frames.first?["data"]?["invoice"]?["id"] == 1)
    }

    @Test("an unknown event on a user channel reaches that user only")
    func unknownEventOnUserChannel() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.laravelBroadcast(event: "InvoicePaid", data: ["x": 1], channels: ["private-App.Models.User.9"])
        try await Routing(stack: stack).expect(
            "InvoicePaid", reaches: [cast.other], notReaches: [cast.staff, cast.admin, cast.requester, cast.assignee])
    }

    @Test("an unknown event on a bare (unprefixed, Redis Cluster) user channel reaches that user")
    func bareUserChannel() async throws {
        let stack = try Stack.require()
        let target = try await stack.session("9")
        let staff = try await stack.session("100", roles: ["admin"])
        defer { target.close(); staff.close() }
        let payload: JSONValue = ["event": "InvoicePaid", "data": ["x": 2], "socket": nil]
        try await stack.redis.publish(channel: "private-App.Models.User.9", json: payload)
        try await Routing(stack: stack).expect("InvoicePaid", reaches: [target], notReaches: [staff])
    }

    @Test("an unknown event on a private, presence or encrypted channel is dropped and counted as unroutable",
          arguments: ["private-orders.1", "presence-room.1", "private-encrypted-orders.1"])
    func unknownEventOnPrivateChannelIsUnroutable(channel: String) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let before = try await RejectedCounts.fetch(stack)
        try await stack.laravelBroadcast(event: "InvoicePaid", data: ["x": 3], channels: [channel])
        try await Routing(stack: stack).expect("InvoicePaid", reaches: [], notReaches: cast.all)
        let after = try await RejectedCounts.fetch(stack)
        let grown = after.keysGrown(since: before)
        #expect(grown.contains { $0.contains("unroutable") }, "rejected keys that grew: \(grown), all: \(after.counts)")
    }
}
