import Testing

/// docs/pusher.md#client-events: `client-*` events on private (and presence) channels reach the
/// channel's other subscribers, never the sender; elsewhere, and past 10 a second, they are refused.
@Suite("Pusher: client events", .serialized, .stack(PusherTestApp.configuration))
struct PusherClientEventTests {
    @Test("a whisper reaches the other subscribers of the private channel with its data as JSON text, not the sender, not other channels")
    func delivered() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let peer = try await PusherClient.connect(port: stack.port)
        let elsewhere = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); peer.close(); elsewhere.close() }
        for client in [sender, peer] { try await client.join("private-chat.1") }
        try await elsewhere.join("private-chat.2")
        try await sender.whisper("client-typing", on: "private-chat.1", data: ["user": "ann", "n": 1])
        let frame = try await peer.next()
        #expect(frame["event"] == "client-typing")
        #expect(frame["channel"] == "private-chat.1")
        #expect(try JSONValue.parse(try #require(frame["data"]?.string)) == ["n": 1, "user": "ann"])
        try await sender.whisper("client-said", on: "private-chat.1", data: "plain words")
        #expect(try await peer.next() == ["event": "client-said", "channel": "private-chat.1", "data": "plain words"])
        try await stack.pusherExpectNothing(sender, markerChannel: "private-chat.1")
        try await stack.pusherExpectNothing(elsewhere, markerChannel: "private-chat.2")
    }

    @Test("on a public channel: pusher:error with code null, nothing delivered, the connection stays")
    func publicChannel() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let peer = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); peer.close() }
        for client in [sender, peer] { try await client.join("tickets") }
        try await sender.whisper("client-typing", on: "tickets", data: [:])
        let error = try await sender.next()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.isNull == true)
        #expect(error["data"]?["message"]?.string?.contains("only supported on private and presence channels") == true)
        try await stack.pusherExpectNothing(peer, markerChannel: "tickets")
        #expect(try await sender.next()["event"] == "marker", "the sender's next frame is the same marker")
    }

    @Test("on a private channel the sender did not subscribe to: pusher:error with code null, nothing delivered")
    func notSubscribed() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let peer = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); peer.close() }
        try await peer.join("private-chat.3")
        try await sender.whisper("client-typing", on: "private-chat.3", data: [:])
        let error = try await sender.next()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.isNull == true)
        #expect(error["data"]?["message"]?.string?.contains("not subscribed to private-chat.3") == true)
        try await stack.pusherExpectNothing(peer, markerChannel: "private-chat.3")
    }

    @Test("eleven in one burst: ten delivered in order, the eleventh answered 4301 and dropped; the connection stays")
    func rateLimit() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let peer = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); peer.close() }
        for client in [sender, peer] { try await client.join("private-chat.4") }
        let burst = (1...11).map { PusherClient.clientEvent("client-n", on: "private-chat.4", data: .string("\($0)")) }
        try await sender.ws.send(burst.map { RawFrame.text($0.text) })
        let error = try await sender.next()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.int == 4301)
        for expected in 1...10 {
            #expect(try await peer.next()["data"]?.string == "\(expected)")
        }
        try await stack.pusherExpectNothing(peer, markerChannel: "private-chat.4")
        #expect(try await sender.next()["event"] == "marker", "the sender got a client event back")
        try await sender.send(["event": "pusher:ping", "data": [:]])
        #expect(try await sender.next()["event"] == "pusher:pong")
    }

    @Test("names over 200 characters and data over BRIDGE_PUSHER_MAX_DATA are refused with code null")
    func limits() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        defer { sender.close() }
        try await sender.join("private-chat.5")
        try await sender.whisper("client-" + String(repeating: "n", count: 194), on: "private-chat.5", data: [:])
        #expect(try await sender.next()["data"]?["message"]?.string?.contains("at most 200") == true)
        try await sender.whisper("client-big", on: "private-chat.5", data: .string(String(repeating: "d", count: 10241)))
        let error = try await sender.next()
        #expect(error["data"]?["code"]?.isNull == true)
        #expect(error["data"]?["message"]?.string?.contains("BRIDGE_PUSHER_MAX_DATA") == true)
    }
}
