import Testing

/// docs/protocol.md#frames client frames: bridge:ping, and bad_frame errors that leave the session open.
@Suite("Client frames", .serialized, .stack())
struct ClientFrameTests {
    @Test("bridge:ping answers bridge:pong")
    func pingPong() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("5")
        defer { session.close() }
        session.client.send(json: ["type": "bridge:ping"])
        #expect(try await session.next() == ["type": "bridge:pong"])
    }

    @Test("a frame the bridge cannot use gets bridge:error bad_frame and the session stays",
          arguments: ["not json", "[1,2]", "\"text\"", "{\"no\":\"type\"}", "{\"type\":\"bridge:nonsense\"}",
                      "{\"type\":\"ticket_created\",\"data\":{}}"])
    func badFrame(text: String) async throws {
        let stack = try Stack.require()
        let session = try await stack.session("5")
        defer { session.close() }
        session.client.send(text)
        let error = try await session.next()
        #expect(error["type"]?.string == "bridge:error", "for \(text): \(error)")
        #expect(error["code"]?.string == "bad_frame", "for \(text): \(error)")
        #expect(error["message"]?.string != nil)
        session.client.send(json: ["type": "bridge:ping"])
        #expect(try await session.next()["type"]?.string == "bridge:pong", "session must stay after \(text)")
    }

    @Test("a WebSocket ping is answered with a pong")
    func protocolPing() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("5")
        defer { session.close() }
        session.client.sendPing()
        #expect(await Eventually.holds(within: .seconds(3)) { session.client.inbox.pongCount > 0 })
    }
}
