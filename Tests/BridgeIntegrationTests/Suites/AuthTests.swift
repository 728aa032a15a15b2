import Foundation
import Testing

/// docs/protocol.md#frames "Tokens and sessions": how a socket authenticates and every 4001 case.
@Suite("Authentication", .serialized, .stack())
struct AuthTests {
    @Test("?token gets bridge:welcome first, with session_id N.N, user_id as a string and a zoned expires_at")
    func welcomeByQueryToken() async throws {
        let stack = try Stack.require()
        let exp = TokenFactory.now() + 600
        let token = try await stack.tokens.sign(.init(sub: "5", roles: ["technician"], exp: exp, name: "Ann"))
        let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
        defer { client.close() }
        let welcome = try await client.next()
        #expect(welcome["type"]?.string == "bridge:welcome")
        #expect(welcome["user_id"] == "5", "user_id is the string form of sub")
        let sessionID = try #require(welcome["session_id"]?.string)
        #expect(sessionID.wholeMatch(of: /\d+\.\d+/) != nil, "session_id \(sessionID) must match ^\\d+\\.\\d+$")
        let expiresAt = try #require(welcome["expires_at"]?.string)
        let date = try #require(ISO8601.parse(expiresAt), "expires_at \(expiresAt) is ISO-8601 with a zone")
        #expect(abs(date.timeIntervalSince1970 - Double(exp)) < 2, "expires_at \(expiresAt) should be exp \(exp)")
    }

    @Test("a numeric sub is read as its string form and matches ids either way")
    func numericSubject() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(numericUser: 7)
        let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
        defer { client.close() }
        let welcome = try await client.next()
        #expect(welcome["user_id"] == "7", "\(welcome)")
        try await stack.publish(Envelope.ticketCreated(requester: 7))
        #expect(try await client.next()["type"] == "ticket_created")
    }

    @Test("the root path / accepts sessions like /ws (the old ws://localhost:8080)")
    func rootPath() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "5")
        let client = try await WSClient.connect(port: stack.port, path: "/?token=\(token)")
        defer { client.close() }
        #expect(try await client.next()["type"]?.string == "bridge:welcome")
    }

    @Test("a token can come as the first frame instead")
    func firstFrameAuth() async throws {
        let stack = try Stack.require()
        let client = try await stack.bareSocket()
        defer { client.close() }
        client.send(json: ["type": "bridge:auth", "token": .string(try await stack.tokens.token(user: "5"))])
        let welcome = try await client.next()
        #expect(welcome["type"]?.string == "bridge:welcome")
        #expect(welcome["user_id"] == "5")
    }

    @Test("no token within WEBSOCKET_TIMEOUT (5 s) closes with 4001, not much earlier")
    func authTimeout() async throws {
        let stack = try Stack.require()
        let started = ContinuousClock.now
        let client = try await stack.bareSocket()
        defer { client.close() }
        let code = try await client.closeCode(timeout: .seconds(9))
        let elapsed = ContinuousClock.now - started
        #expect(code == 4001)
        #expect(elapsed > .seconds(4), "closed after \(elapsed.seconds) s, before WEBSOCKET_TIMEOUT")
    }

    @Test("roles absent means no roles: no staff events, own events still arrive")
    func absentRoles() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.sign(.init(sub: "7", roles: nil, exp: TokenFactory.now() + 600))
        let client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)")
        defer { client.close() }
        let session = Session(client: client, welcome: try await client.next(), user: "7")
        try await stack.publish(Envelope.ticketCreated(requester: 8))
        try await Routing(stack: stack).expect("ticket_created", reaches: [], notReaches: [session])
        try await stack.publish(Envelope.ticketCreated(requester: 7))
        try await Routing(stack: stack).expect("ticket_created", reaches: [session], notReaches: [])
    }

    @Test("bad tokens are refused with 4001, on the URL and as the first frame",
          arguments: BadToken.allCases, [false, true])
    func badTokenIsRefused(kind: BadToken, asFirstFrame: Bool) async throws {
        let stack = try Stack.require()
        let token = try await kind.make(stack.tokens)
        let client: WSClient
        if asFirstFrame {
            client = try await stack.bareSocket()
            client.send(json: ["type": "bridge:auth", "token": .string(token)])
        } else {
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? token
            client = try await WSClient.connect(port: stack.port, path: "/ws?token=\(encoded)")
        }
        defer { client.close() }
        let code = try await client.closeCode(timeout: .seconds(4))
        #expect(code == 4001, "\(kind) token should close with 4001")
        let frames = client.inbox.drain()
        #expect(!frames.contains { $0.contains("bridge:welcome") }, "no welcome for a \(kind) token: \(frames)")
    }
}
