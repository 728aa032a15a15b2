import NIOHTTP1
import Testing

/// docs/protocol.md#frames: Origin check on upgrades and CORS on /messages, with
/// BRIDGE_ALLOWED_ORIGINS=http://allowed.example,http://second.example.
@Suite("Origin and CORS", .serialized, .stack())
struct OriginAndCORSTests {
    @Test("an upgrade from a listed Origin succeeds")
    func allowedOriginUpgrade() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "5")
        let client = try await WSClient.connect(
            port: stack.port, path: "/ws?token=\(token)", options: WSClient.Options(origin: "http://second.example"))
        defer { client.close() }
        #expect(try await client.next()["type"] == "bridge:welcome")
    }

    @Test("an upgrade without token from a listed Origin still upgrades, then closes 4001")
    func allowedOriginWithoutToken() async throws {
        let stack = try Stack.require()
        let client = try await WSClient.connect(port: stack.port, path: "/ws?token=", options: WSClient.Options(origin: "http://allowed.example"))
        defer { client.close() }
        #expect(try await client.closeCode(timeout: .seconds(8)) == 4001)
    }

    @Test("an upgrade from a foreign Origin is refused with HTTP 403")
    func foreignOriginUpgrade() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "5")
        let response = try await HTTPClient.request(
            port: stack.port, path: "/ws?token=\(token)",
            headers: [("Origin", "http://evil.example"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                      ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13")])
        #expect(response.status == 403)
    }

    @Test("/messages echoes a listed Origin and gives no Access-Control-Allow-Origin to others")
    func corsOnMessages() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "5")
        let listed = try await HTTPClient.request(
            port: stack.port, path: "/messages?token=\(token)", headers: [("Origin", "http://allowed.example")])
        #expect(listed.header("Access-Control-Allow-Origin") == "http://allowed.example")
        let foreign = try await HTTPClient.request(
            port: stack.port, path: "/messages?token=\(token)", headers: [("Origin", "http://evil.example")])
        #expect(foreign.header("Access-Control-Allow-Origin") == nil)
    }

    @Test("a preflight for /messages allows Authorization from a listed Origin")
    func preflight() async throws {
        let stack = try Stack.require()
        let response = try await HTTPClient.request(
            .OPTIONS, port: stack.port, path: "/messages",
            headers: [("Origin", "http://allowed.example"), ("Access-Control-Request-Method", "GET"),
                      ("Access-Control-Request-Headers", "authorization")])
        #expect((200..<300).contains(response.status), "preflight answered \(response.status)")
        #expect(response.header("Access-Control-Allow-Origin") == "http://allowed.example")
        let allowedHeaders = response.header("Access-Control-Allow-Headers")?.lowercased() ?? ""
        #expect(allowedHeaders.contains("authorization") || allowedHeaders == "*", "allow-headers: \(allowedHeaders)")
    }

    @Test("a 401 from /messages still carries CORS for a listed Origin, so the page can read it")
    func corsOnUnauthorized() async throws {
        let stack = try Stack.require()
        let response = try await HTTPClient.request(
            port: stack.port, path: "/messages", headers: [("Origin", "http://allowed.example")])
        #expect(response.status == 401)
        #expect(response.header("Access-Control-Allow-Origin") == "http://allowed.example")
    }

    @Test("a preflight from an unlisted Origin gets no Access-Control-Allow-Origin")
    func preflightFromUnlistedOrigin() async throws {
        let stack = try Stack.require()
        let response = try await HTTPClient.request(
            .OPTIONS, port: stack.port, path: "/messages",
            headers: [("Origin", "http://evil.example"), ("Access-Control-Request-Method", "GET"),
                      ("Access-Control-Request-Headers", "authorization")])
        #expect(response.header("Access-Control-Allow-Origin") == nil)
    }
}
