import Testing

/// docs/pusher.md#channel-events: Laravel's `redis` broadcaster reaches the Pusher connections
/// subscribed to the channel, as a Pusher event frame, leaving out the sender's socket.
@Suite("Pusher: Laravel channel events", .serialized, .stack(PusherTestApp.configuration))
struct PusherChannelEventTests {
    @Test("an event on a public channel reaches its Pusher subscribers (prefix stripped, data as JSON text) and not others")
    func publicChannel() async throws {
        let stack = try Stack.require()
        let subscriber = try await PusherClient.connect(port: stack.port)
        let bystander = try await PusherClient.connect(port: stack.port)
        defer { subscriber.close(); bystander.close() }
        try await subscriber.join("orders")
        try await bystander.join("tickets")
        try await stack.laravelBroadcast(event: "App\\Events\\OrderShipped", data: ["order": ["id": 3]], channels: ["orders"])
        let frame = try await subscriber.next()
        #expect(frame["event"] == "App\\Events\\OrderShipped")
        #expect(frame["channel"] == "orders")
        let data = try JSONValue.parse(try #require(frame["data"]?.string))
        #expect(data["order"]?["id"]?.int == 3)
        #expect(data["socket"] == nil)
        try await stack.pusherExpectNothing(bystander, markerChannel: "tickets")
    }

    @Test("an event on a private channel reaches its Pusher subscribers, no /ws session, and is not refused as unroutable")
    func privateChannel() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let subscriber = try await PusherClient.connect(port: stack.port)
        defer { cast.close(); subscriber.close() }
        try await subscriber.join("private-orders.5")
        let before = try await RejectedCounts.fetch(stack)
        try await stack.laravelBroadcast(event: "InvoicePaid", data: ["x": 5], channels: ["private-orders.5"])
        let frame = try await subscriber.next()
        #expect(frame["event"] == "InvoicePaid")
        #expect(frame["channel"] == "private-orders.5")
        try await Routing(stack: stack).expect("InvoicePaid", reaches: [], notReaches: cast.all)
        let grown = try await RejectedCounts.fetch(stack).keysGrown(since: before)
        #expect(grown.isEmpty, "rejected: \(grown)")
    }

    @Test("one publication on two channels reaches a connection subscribed to both once per channel, as Pusher does")
    func twoChannels() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        try await client.join("orders")
        try await client.join("private-orders.6")
        try await stack.laravelBroadcast(event: "OrderShipped", data: ["id": 6], channels: ["orders", "private-orders.6"])
        let channels = [try await client.next()["channel"]?.string, try await client.next()["channel"]?.string]
        #expect(Set(channels.compactMap { $0 }) == ["orders", "private-orders.6"])
        try await stack.pusherExpectNothing(client, markerChannel: "orders")
    }

    @Test("Laravel's socket (toOthers) leaves out the connection with that socket_id")
    func toOthers() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let other = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); other.close() }
        try await sender.join("orders")
        try await other.join("orders")
        try await stack.laravelBroadcast(event: "OrderShipped", data: ["id": 7], channels: ["orders"], socket: sender.socketId)
        #expect(try await other.next()["event"] == "OrderShipped")
        try await stack.pusherExpectNothing(sender, markerChannel: "orders")
    }

    @Test("after pusher:unsubscribe nothing more arrives from that channel")
    func unsubscribe() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        try await client.join("orders")
        try await client.join("tickets")
        try await client.send(["event": "pusher:unsubscribe", "data": ["channel": "orders"]])
        try await stack.laravelBroadcast(event: "OrderShipped", data: ["id": 8], channels: ["orders"])
        try await stack.pusherExpectNothing(client, markerChannel: "tickets")
    }
}
