import Testing

extension Hardening {
    /// Validly signed tokens with absurd time claims or an oversized payload are refused (4001 on the
    /// socket, 401 from `/messages`) and never disturb the bridge for anyone else.
    @Suite("Hardening: extreme token claims", .serialized, .stack())
    struct ExtremeTokenTests {
        /// Claims a correctly signed token must still be refused for.
        struct ExtremeClaims: Sendable, CustomTestStringConvertible {
            let name: String
            let claims: @Sendable () -> [String: JSONValue]
            var testDescription: String { name }

            static let all: [ExtremeClaims] = [
                ExtremeClaims(name: "exp 1e19") { ["sub": "5", "exp": .double(1e19)] },
                ExtremeClaims(name: "exp -1e19") { ["sub": "5", "exp": .double(-1e19)] },
                ExtremeClaims(name: "exp 1e300") { ["sub": "5", "exp": .double(1e300)] },
                ExtremeClaims(name: "exp 101 years ahead") { ["sub": "5", "exp": .int(TokenFactory.now() + 101 * 365 * 86400)] },
                ExtremeClaims(name: "nbf 1e19") { ["sub": "5", "exp": .int(TokenFactory.now() + 600), "nbf": .double(1e19)] },
                ExtremeClaims(name: "iat 1e19") { ["sub": "5", "exp": .int(TokenFactory.now() + 600), "iat": .double(1e19)] },
                ExtremeClaims(name: "name pads the token over 8 KiB") {
                    ["sub": "5", "exp": .int(TokenFactory.now() + 600), "name": .string(String(repeating: "n", count: 6400))]
                },
            ]
        }

        @Test("refused with 4001 and 401; the bridge keeps serving others", arguments: ExtremeClaims.all)
        func refused(extreme: ExtremeClaims) async throws {
            let stack = try Stack.require()
            let token = try await stack.tokens.sign(raw: extreme.claims())
            if extreme.name.contains("8 KiB") { #expect(token.utf8.count > 8192) }

            let socket = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
            let code = try await socket.closeCode(timeout: .seconds(5))
            #expect(code == 4001, "?token= close code \(code.map(String.init) ?? "none")")

            let firstFrame = try await stack.bareSocket()
            firstFrame.send(json: ["type": "bridge:auth", "token": .string(token)])
            let frameCode = try await firstFrame.closeCode(timeout: .seconds(5))
            #expect(frameCode == 4001, "bridge:auth close code \(frameCode.map(String.init) ?? "none")")

            let messages = try await HTTPClient.request(port: stack.port, path: "/messages", headers: [("Authorization", "Bearer \(token)")])
            #expect(messages.status == 401, "/messages answered \(messages.status): \(messages.text)")

            try await expectStillServing(stack)
        }

        @Test("as a refresh (bridge:auth on an open session) answered invalid_token; the session keeps its token",
              arguments: ExtremeClaims.all)
        func refusedAsRefresh(extreme: ExtremeClaims) async throws {
            let stack = try Stack.require()
            let session = try await stack.session("5")
            defer { session.close() }
            session.client.send(json: ["type": "bridge:auth", "token": .string(try await stack.tokens.sign(raw: extreme.claims()))])
            let answer = try await session.next()
            #expect(answer["type"] == "bridge:error" && answer["code"] == "invalid_token", "\(answer)")
            session.client.send(json: ["type": "bridge:ping"])
            #expect(try await session.next()["type"] == "bridge:pong", "the session stays open")
        }

        private func expectStillServing(_ stack: Stack) async throws {
            #expect(try await HTTPClient.request(port: stack.port, path: "/health").status == 200)
            let session = try await stack.session("6")
            defer { session.close() }
            try await stack.broadcast(Envelope.notification(userIDs: [6]))
            #expect(try await session.next()["type"] == "system_notification_created")
        }
    }
}
