import NIOHTTP1
import Foundation

/// The Pusher HTTP API of a stack's bridge, signed as the Pusher SDKs sign it (docs/pusher.md#http-api).
extension Stack {
    /// `POST /apps/{id}/{endpoint}` with `body`, signed unless `query` is given.
    func pusherPost(_ endpoint: String = "events", body: JSONValue, appId: String = PusherTestApp.id,
                    query: String? = nil) async throws -> HTTPResponse {
        let path = "/apps/\(appId)/\(endpoint)"
        let bytes = body.bytes
        let signed = query ?? PusherTestApp.signedQuery(path: path, body: bytes)
        return try await HTTPClient.request(.POST, port: port, path: "\(path)?\(signed)",
                                            headers: [("Content-Type", "application/json")], body: bytes)
    }

    /// Triggers `name` on `channels` through the HTTP API, requiring 200.
    func pusherTrigger(_ name: String, channels: [String], data: String, socketId: String? = nil) async throws {
        var body: JSONValue = ["name": .string(name), "channels": .array(channels.map(JSONValue.string)), "data": .string(data)]
        if let socketId { body = .object((body.object ?? [:]).merging(["socket_id": .string(socketId)]) { $1 }) }
        let response = try await pusherPost(body: body)
        guard response.status == 200 else { throw SupportError("POST /apps/…/events answered \(response.status): \(response.text)") }
    }

    /// Proves `client` received nothing more on its channels: a marker triggered on `channel`
    /// (which it subscribed to) must be its next frame.
    func pusherExpectNothing(_ client: PusherClient, markerChannel channel: String) async throws {
        let marker = "marker-\(UUID().uuidString)"
        try await pusherTrigger("marker", channels: [channel], data: marker)
        let next = try await client.next()
        guard next["event"] == "marker", next["data"]?.string == marker else {
            throw SupportError("expected only the marker, got \(next)")
        }
    }
}
