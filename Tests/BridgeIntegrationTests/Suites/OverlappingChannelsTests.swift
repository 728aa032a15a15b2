import Testing

/// docs/protocol.md#ingest-envelopes "delivered once per session" when the configured channels overlap: with
/// BRIDGE_CHANNELS=ict.events,laravel_database_*,private-* (prefixed names as they arrive, plus
/// bare `private-*` for Redis Cluster) one Laravel event on a user channel matches more than one
/// subscription, and must still reach the user once.
@Suite("Overlapping channel patterns", .serialized,
       .stack(.standard.with { $0.channels = "ict.events,laravel_database_*,private-*" }))
struct OverlappingChannelsTests {
    @Test("an event on a channel matched by two subscriptions is delivered once")
    func deliveredOnce() async throws {
        let stack = try Stack.require()
        let target = try await stack.session("9")
        defer { target.close() }
        try await stack.laravelBroadcast(event: "InvoicePaid", data: ["x": 1], channels: ["private-App.Models.User.9"])
        try await Routing(stack: stack).expect("InvoicePaid", reaches: [target], notReaches: [])
    }
}
