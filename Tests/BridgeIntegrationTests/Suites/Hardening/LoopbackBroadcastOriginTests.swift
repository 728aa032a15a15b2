import NIOHTTP1
import Testing

extension Hardening {
    /// Without BRIDGE_BROADCAST_TOKEN, loopback trust is for local processes only: a browser on this
    /// machine (an `Origin` header, or `Sec-Fetch-Site: cross-site`) is refused 403.
    @Suite("Hardening: /broadcast loopback trust and browsers", .serialized,
           .stack(.standard.with { $0.broadcastToken = nil }))
    struct LoopbackBroadcastOriginTests {
        @Test("a browser's POST is refused 403", arguments: [
            [("Origin", "http://evil.example")], [("Origin", "http://allowed.example")], [("Origin", "null")],
            [("Sec-Fetch-Site", "cross-site")], [("Sec-Fetch-Site", "cross-site"), ("Origin", "http://evil.example")],
        ])
        func browserRefused(headers: [(String, String)]) async throws {
            let stack = try Stack.require()
            let session = try await stack.session("7")
            defer { session.close() }
            let response = try await HTTPClient.request(
                .POST, port: stack.port, path: "/broadcast",
                headers: headers + [("Content-Type", "application/json")], body: Envelope.notification(userIDs: [7]).bytes)
            #expect(response.status == 403, "\(headers): \(response.status) \(response.text)")
            #expect(response.header("Access-Control-Allow-Origin") == nil)
            try await stack.publish(Envelope.notification(userIDs: [7], id: 424242))
            #expect(try await session.next()["data"]?["notification"]?["id"] == 424242, "the refused POST delivered nothing")
        }

        @Test("a local process's POST (neither header) is accepted 202")
        func localAccepted() async throws {
            let stack = try Stack.require()
            let response = try await stack.postBroadcast(Envelope.notification(userIDs: [7]).bytes)
            #expect(response.status == 202, "\(response.status) \(response.text)")
        }
    }
}
