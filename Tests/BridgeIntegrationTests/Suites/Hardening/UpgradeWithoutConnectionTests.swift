import NIOHTTP1
import Testing

extension Hardening {
    /// docs/security.md: an opening handshake must name `upgrade` in `Connection` (RFC 6455
    /// §4.2.1). Without it the bridge answers the request as plain HTTP and never switches: a
    /// switch there let requests pipelined behind the handshake reach the WebSocket decoder as
    /// parsed HTTP, which stopped the process (found by the HTTP fuzz target).
    @Suite("Hardening: WebSocket handshakes without Connection: upgrade", .serialized, .stack(PusherTestApp.configuration))
    struct UpgradeWithoutConnectionTests {
        static let handshakeHeaders = "Host: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

        /// Sends the handshake, then (in a second write, while an upgrade would still be running)
        /// requests pipelined behind it; answers what the bridge wrote back within 3 s.
        static func handshake(path: String, connection: String) async throws -> String {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            try await socket.send("GET \(path) HTTP/1.1\r\n\(handshakeHeaders)\(connection)\r\n")
            try await Task.sleep(for: .milliseconds(1))
            try await socket.send(String(repeating: "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 3))
            _ = await socket.read(until: { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }, timeout: .seconds(3))
            try await Task.sleep(for: .milliseconds(200))
            return socket.text
        }

        static let paths = ["/ws", "/app/\(PusherTestApp.key)?protocol=7"]

        @Test("without the token: 400, no switch, and the bridge still serves", arguments: paths)
        func refused(path: String) async throws {
            for connection in ["", "Connection: keep-alive\r\n", "Connection: upgradex\r\n"] {
                let answer = try await Self.handshake(path: path, connection: connection)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(connection.isEmpty ? "no Connection" : connection): \(answer.prefix(120))")
                #expect(!answer.contains("101 Switching Protocols"))
                #expect(answer.contains("Connection: Upgrade, Sec-WebSocket-Key"), "the answer says what a handshake needs: \(answer.prefix(400))")
            }
            let ready = try await HTTPClient.request(.GET, port: try Stack.require().port, path: "/ready")
            #expect(ready.status == 200, "the bridge must survive the pipelined requests")
        }

        @Test("with the token among others: switched, and what follows is read as WebSocket bytes", arguments: paths)
        func accepted(path: String) async throws {
            let answer = try await Self.handshake(path: path, connection: "Connection: keep-alive, Upgrade\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 101"), "answer: \(answer.prefix(120))")
            let ready = try await HTTPClient.request(.GET, port: try Stack.require().port, path: "/ready")
            #expect(ready.status == 200)
        }
    }
}
