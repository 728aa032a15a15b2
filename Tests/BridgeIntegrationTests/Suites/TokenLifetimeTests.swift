import Testing

/// docs/protocol.md: a live session is closed within 3 s after `exp` unless refreshed for the same `sub`.
@Suite("Token lifetime and refresh", .serialized, .stack())
struct TokenLifetimeTests {
    private func shortSession(_ stack: Stack, user: String, ttl: Int) async throws -> (WSClient, ContinuousClock.Instant) {
        let token = try await stack.tokens.token(user: user, ttl: ttl)
        let opened = ContinuousClock.now
        let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
        _ = try await client.next(ofType: "bridge:welcome")
        return (client, opened)
    }

    @Test("a session is closed with 4001 within 3 s after exp")
    func expiryCloses() async throws {
        let stack = try Stack.require()
        let (client, opened) = try await shortSession(stack, user: "5", ttl: 3)
        defer { client.close() }
        let code = try await client.closeCode(timeout: .seconds(8))
        let elapsed = ContinuousClock.now - opened
        #expect(code == 4001)
        #expect(elapsed < .seconds(3 + 3 + 1), "closed \(elapsed.seconds) s after opening a 3 s token")
        #expect(elapsed > .seconds(1.5), "closed \(elapsed.seconds) s after opening: before exp")
    }

    @Test("a fresh bridge:auth for the same sub keeps the session open past exp")
    func refreshKeepsSessionOpen() async throws {
        let stack = try Stack.require()
        // 4 s leaves a loaded machine time to open the session and send the refresh before exp.
        let (client, _) = try await shortSession(stack, user: "5", ttl: 4)
        defer { client.close() }
        client.send(json: ["type": "bridge:auth", "token": .string(try await stack.tokens.token(user: "5", ttl: 600))])
        try await Task.sleep(for: .seconds(7.5))
        #expect(client.inbox.receivedCloseCode == nil && !client.inbox.isDisconnected, "refreshed session was closed")
        try await stack.publish(Envelope.notification(userIDs: [5]))
        let frame = try await client.next(ofType: "system_notification_created")
        #expect(frame["data"]?["notification"]?["user_ids"] == [5])
    }

    @Test("a refresh naming another sub gets bridge:error and changes nothing")
    func refreshWithOtherSubIsRefused() async throws {
        let stack = try Stack.require()
        let (client, opened) = try await shortSession(stack, user: "5", ttl: 3)
        defer { client.close() }
        client.send(json: ["type": "bridge:auth", "token": .string(try await stack.tokens.token(user: "6", ttl: 600))])
        let error = try await client.next()
        #expect(error["type"]?.string == "bridge:error", "got \(error)")
        try await stack.publish(Envelope.notification(userIDs: [6]))
        try await stack.publish(Envelope.notification(userIDs: [5]))
        let next = try await client.next()
        #expect(next["data"]?["notification"]?["user_ids"] == [5], "still user 5, not 6: \(next)")
        let code = try await client.closeCode(timeout: .seconds(8))
        #expect(code == 4001)
        #expect(ContinuousClock.now - opened < .seconds(3 + 3 + 1), "the original exp still applies")
    }

    @Test("after a refresh the new exp applies: open past the old one, closed with 4001 after the new one")
    func refreshMovesExpiry() async throws {
        let stack = try Stack.require()
        let (client, opened) = try await shortSession(stack, user: "5", ttl: 2)
        defer { client.close() }
        client.send(json: ["type": "bridge:auth", "token": .string(try await stack.tokens.token(user: "5", ttl: 6))])
        let code = try await client.closeCode(timeout: .seconds(12))
        let elapsed = ContinuousClock.now - opened
        #expect(code == 4001)
        #expect(elapsed > .seconds(5), "closed \(elapsed.seconds) s after opening: the refresh was ignored")
        #expect(elapsed < .seconds(6 + 3 + 1), "closed \(elapsed.seconds) s after opening a 6 s refresh")
    }
}
