import Testing

extension Hardening {
    /// docs/security.md: an opening handshake is a GET without a body; one that declares a body is
    /// answered as a plain request (400), never upgraded, and never waited on as an upgrade.
    @Suite("Hardening: WebSocket upgrades with a body", .stack())
    struct UpgradeWithBodyTests {
        static func upgrade(_ bodyHeaders: String, body: String) async throws -> String {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            let token = try await Stack.require().tokens.token(user: "5")
            try await socket.send("GET /ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(bodyHeaders)\r\n\(body)")
            _ = await socket.read(until: { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }, timeout: .seconds(5))
            return socket.text
        }

        @Test("an upgrade with a Content-Length body gets 400, not 101",
              arguments: [("Content-Length: 2\r\n", "ab"), ("Transfer-Encoding: chunked\r\n", "2\r\nab\r\n0\r\n\r\n")])
        func refused(headers: String, body: String) async throws {
            let answer = try await Self.upgrade(headers, body: body)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "answer: \(answer.prefix(200))")
            #expect(!answer.contains("101 Switching Protocols"))
        }

        @Test("the same upgrade without a body is switched")
        func accepted() async throws {
            let answer = try await Self.upgrade("", body: "")
            #expect(answer.hasPrefix("HTTP/1.1 101"), "answer: \(answer.prefix(200))")
        }
    }
}
