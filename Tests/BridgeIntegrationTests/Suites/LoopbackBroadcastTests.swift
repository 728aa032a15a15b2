import Testing

/// README.md#configuration: without BRIDGE_BROADCAST_TOKEN only loopback clients may POST (the tests are loopback).
@Suite("POST /broadcast without a token", .serialized,
       .stack(.standard.with { $0.broadcastToken = nil; $0.allowedOrigins = nil }))
struct LoopbackBroadcastTests {
    @Test("a loopback client may POST without Authorization")
    func loopbackAllowed() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        let response = try await stack.postBroadcast(Envelope.notification(userIDs: [7]).bytes)
        #expect(response.status == 202, "\(response.text)")
        #expect(try await session.next()["type"] == "system_notification_created")
    }

    @Test("with the default BRIDGE_ALLOWED_ORIGINS (*) CORS allows any origin")
    func defaultCORS() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "7")
        let response = try await HTTPClient.request(
            port: stack.port, path: "/messages?token=\(token)", headers: [("Origin", "http://anything.example")])
        let allowed = response.header("Access-Control-Allow-Origin")
        #expect(allowed == "*" || allowed == "http://anything.example", "ACAO: \(allowed ?? "absent")")
    }
}
