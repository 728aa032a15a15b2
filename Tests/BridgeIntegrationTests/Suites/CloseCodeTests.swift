import Testing

/// docs/protocol.md#frames close codes 4003 (blocked user), 4004 (too many connections) and 1009 (frame > 16 KiB).
@Suite("Close codes 4003, 4004, 1009", .serialized, .stack())
struct CloseCodeTests {
    @Test("a blocked user's sessions each receive the message, then close with 4003",
          arguments: ["blocked", "inactive", "disabled"])
    func blockedUserIsClosed(status: String) async throws {
        let stack = try Stack.require()
        let user = Envelope.uniqueID()
        let first = try await stack.session("\(user)")
        let second = try await stack.session("\(user)")
        let admin = try await stack.session("101", roles: ["admin"])
        defer { first.close(); second.close(); admin.close() }
        try await stack.publish(Envelope.userStatusChanged(user: .string("\(user)"), to: status))
        for session in [first, second] {
            let frame = try await session.next()
            #expect(frame["type"]?.string == "user_status_changed", "message before the close: \(frame)")
            #expect(try await session.client.closeCode() == 4003)
        }
        #expect(try await admin.next()["type"]?.string == "user_status_changed")
        try await Routing(stack: stack).expect("none", reaches: [], notReaches: [admin])
    }

    @Test("a change to active closes nothing")
    func activeClosesNothing() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("61")
        defer { session.close() }
        try await stack.publish(Envelope.userStatusChanged(user: 61, to: "active"))
        try await Routing(stack: stack).expect("user_status_changed", reaches: [session], notReaches: [])
        #expect(session.client.inbox.receivedCloseCode == nil)
    }

    @Test("the 21st connection of a user is refused with 4004 (default limit 20); others are unaffected")
    func connectionLimit() async throws {
        let stack = try Stack.require()
        let user = "\(Envelope.uniqueID())"
        var sessions: [Session] = []
        defer { sessions.forEach { $0.close() } }
        for _ in 0..<20 { sessions.append(try await stack.session(user)) }
        let token = try await stack.tokens.token(user: user)
        let extra = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
        defer { extra.close() }
        #expect(try await extra.closeCode() == 4004)
        let otherUser = try await stack.session("\(Envelope.uniqueID())")
        otherUser.close()
        try await stack.publish(Envelope.notification(userIDs: [.string(user)]))
        #expect(try await sessions[19].next()["type"]?.string == "system_notification_created")

        sessions.removeFirst().close()
        let freed = await Eventually.value(within: .seconds(5), every: .milliseconds(200)) {
            try? await stack.session(user)
        }
        #expect(freed != nil, "after one of 20 sessions closed, a new one is accepted")
        freed?.close()
    }

    @Test("a client text frame over 16 KiB closes with 1009; one just under is served")
    func oversizedFrame() async throws {
        let stack = try Stack.require()
        let small = try await stack.session("5")
        defer { small.close() }
        small.client.sendOversizedText(byteCount: 16 * 1024 - 64)
        #expect(try await small.next()["type"]?.string == "bridge:pong", "a 16 KiB - 64 B frame is allowed")

        let big = try await stack.session("5")
        defer { big.close() }
        big.client.sendOversizedText(byteCount: 16 * 1024 + 1)
        #expect(try await big.client.closeCode() == 1009)
    }
}
