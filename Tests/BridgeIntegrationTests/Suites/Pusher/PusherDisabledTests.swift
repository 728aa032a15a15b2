import NIOHTTP1
import Testing

/// docs/pusher.md: without PUSHER_APP_* every Pusher path answers 404, upgrades included.
@Suite("Pusher: off by default", .stack())
struct PusherDisabledTests {
    @Test("GET /app/key, an upgrade of /app/key and POST /apps/1/events answer 404")
    func notFound() async throws {
        let stack = try Stack.require()
        #expect(try await HTTPClient.request(port: stack.port, path: "/app/key?protocol=7").status == 404)
        let ws = try await RawWebSocket.connect(port: stack.port, path: "/app/key?protocol=7")
        defer { ws.close() }
        #expect(ws.status == 404)
        let post = try await HTTPClient.request(.POST, port: stack.port, path: "/apps/1/events", body: Array("{}".utf8))
        #expect(post.status == 404)
        #expect(post.text.contains("PUSHER_APP_ID"))
        #expect(try await HTTPClient.request(port: stack.port, path: "/ws").status == 400)
    }
}
