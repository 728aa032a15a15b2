import Testing

extension Hardening {
    /// BRIDGE_MAX_TOKEN_TTL: a token living longer than the bound (exp − iat, or exp − now without
    /// `iat`) is refused; a shorter one is accepted.
    @Suite("Hardening: --max-token-ttl", .serialized, .stack(.standard.with { $0.flags = ["--max-token-ttl", "3600"] }))
    struct TokenLifetimeBoundTests {
        @Test("iat now, exp in 2 h: refused over a 1 h bound")
        func twoHoursRefused() async throws {
            let now = TokenFactory.now()
            try await expectRefused(["sub": "5", "iat": .int(now), "exp": .int(now + 7200)])
        }

        @Test("no iat, exp in 2 h: refused over a 1 h bound")
        func noIatFarExpRefused() async throws {
            try await expectRefused(["sub": "5", "exp": .int(TokenFactory.now() + 7200)])
        }

        @Test("iat an hour and a half ago, exp in 30 min: a 2 h lifetime is refused")
        func pastIatLongLifetimeRefused() async throws {
            let now = TokenFactory.now()
            try await expectRefused(["sub": "5", "iat": .int(now - 5400), "exp": .int(now + 1800)])
        }

        @Test("iat now, exp in 30 min: accepted", arguments: [true, false])
        func halfHourAccepted(withIat: Bool) async throws {
            let stack = try Stack.require()
            let now = TokenFactory.now()
            var claims: [String: JSONValue] = ["sub": "5", "exp": .int(now + 1800)]
            if withIat { claims["iat"] = .int(now) }
            let token = try await stack.tokens.sign(raw: claims)
            let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
            defer { client.close() }
            #expect(try await client.next()["type"] == "bridge:welcome")
            let messages = try await HTTPClient.request(port: stack.port, path: "/messages", headers: [("Authorization", "Bearer \(token)")])
            #expect(messages.status == 200, "/messages answered \(messages.status): \(messages.text)")
        }

        @Test("a refresh with a 2 h token is answered invalid_token; with a 30 min one, a new welcome")
        func refresh() async throws {
            let stack = try Stack.require()
            let session = try await stack.session("5")
            defer { session.close() }
            let now = TokenFactory.now()
            let long = try await stack.tokens.sign(raw: ["sub": "5", "iat": .int(now), "exp": .int(now + 7200)])
            session.client.send(json: ["type": "bridge:auth", "token": .string(long)])
            let refused = try await session.next()
            #expect(refused["type"] == "bridge:error" && refused["code"] == "invalid_token", "\(refused)")
            let short = try await stack.tokens.sign(raw: ["sub": "5", "iat": .int(now), "exp": .int(now + 1800)])
            session.client.send(json: ["type": "bridge:auth", "token": .string(short)])
            let welcome = try await session.next()
            #expect(welcome["type"] == "bridge:welcome", "\(welcome)")
        }

        private func expectRefused(_ claims: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let stack = try Stack.require()
            let token = try await stack.tokens.sign(raw: claims)
            let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
            let code = try await client.closeCode(timeout: .seconds(5))
            #expect(code == 4001, "close code \(code.map(String.init) ?? "none")", sourceLocation: sourceLocation)
            let messages = try await HTTPClient.request(port: stack.port, path: "/messages", headers: [("Authorization", "Bearer \(token)")])
            #expect(messages.status == 401, "/messages answered \(messages.status): \(messages.text)", sourceLocation: sourceLocation)
        }
    }
}
