import Testing

extension Hardening {
    /// After a `user_status_changed` that blocks a user, that user's still-valid token opens nothing
    /// (a new socket is closed with 4003, `/messages` answers 403) until a later change to `active`.
    @Suite("Hardening: blocked users stay out", .serialized, .stack())
    struct BlockedUserTests {
        /// One blocking status, the route it arrives by, and a user id of its own.
        struct BlockCase: Sendable, CustomTestStringConvertible {
            let status: String
            let route: Routing.Route
            let user: Int
            var testDescription: String { "\(status) via \(route)" }
        }

        static let cases: [BlockCase] = [
            BlockCase(status: "blocked", route: .broadcast, user: 9),
            BlockCase(status: "blocked", route: .redis(channel: "ict.events"), user: 19),
            BlockCase(status: "inactive", route: .redis(channel: "ict.events"), user: 29),
            BlockCase(status: "disabled", route: .broadcast, user: 39),
            BlockCase(status: "BLOCKED", route: .redis(channel: "ict.events"), user: 49),
            BlockCase(status: "Inactive", route: .broadcast, user: 59),
            BlockCase(status: "DisAbled", route: .redis(channel: "ict.events"), user: 69),
        ]

        @Test("a blocked user's valid token gets 4003 and 403 until the user is active again", arguments: cases)
        func blockedStaysOut(block: BlockCase) async throws {
            let stack = try Stack.require()
            let user = "\(block.user)"
            let token = try await stack.tokens.token(user: user, ttl: 3600)
            let bystander = try await stack.session("8")
            defer { bystander.close() }
            #expect(try await messagesStatus(stack, token) == 200, "before the block")

            try await send(Envelope.userStatusChanged(user: .int(block.user), to: block.status), block.route, stack)
            try await awaitMarker(bystander, block.route, stack)

            let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
            let code = try await client.closeCode(timeout: .seconds(5))
            #expect(code == 4003, "new session of blocked user \(user): close code \(code.map(String.init) ?? "none")")
            #expect(try await messagesStatus(stack, token) == 403, "/messages of blocked user \(user)")
            let firstFrame = try await stack.bareSocket()
            firstFrame.send(json: ["type": "bridge:auth", "token": .string(token)])
            let frameCode = try await firstFrame.closeCode(timeout: .seconds(5))
            #expect(frameCode == 4003, "first-frame auth of blocked user \(user): \(frameCode.map(String.init) ?? "none")")
            let polled = try await HTTPClient.request(port: stack.port, path: "/messages?token=\(token)")
            #expect(polled.status == 403, "/messages?token= of blocked user \(user): \(polled.status)")

            let other = try await stack.session("8")
            other.close()
            #expect(try await messagesStatus(stack, try await stack.tokens.token(user: "8")) == 200, "other users are unaffected")

            try await send(Envelope.userStatusChanged(user: .string(user), to: "active"), block.route, stack)
            try await awaitMarker(bystander, block.route, stack)
            let again = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
            defer { again.close() }
            let welcome = try await again.next()
            #expect(welcome["type"] == "bridge:welcome", "after `active` user \(user) may connect again: \(welcome)")
            #expect(try await messagesStatus(stack, token) == 200, "/messages after `active`")
        }

        private func messagesStatus(_ stack: Stack, _ token: String) async throws -> Int {
            try await HTTPClient.request(port: stack.port, path: "/messages", headers: [("Authorization", "Bearer \(token)")]).status
        }

        private func send(_ envelope: JSONValue, _ route: Routing.Route, _ stack: Stack) async throws {
            switch route {
            case .redis(let channel): try await stack.publish(envelope, channel: channel)
            case .broadcast: try await stack.broadcast(envelope)
            }
        }

        /// The status change was handled once a marker sent after it the same way reaches a bystander.
        private func awaitMarker(_ bystander: Session, _ route: Routing.Route, _ stack: Stack) async throws {
            let marker = try await Routing(stack: stack, route: route).sendMarker()
            let frame = try await bystander.client.next(ofType: "system_notification_created")
            #expect(frame["data"]?["notification"]?["id"]?.int == marker, "the marker: \(frame)")
        }
    }
}
