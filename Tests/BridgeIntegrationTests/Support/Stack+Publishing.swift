import NIOHTTP1

/// The three ways an event reaches the bridge: Redis PUBLISH (php-listener), Laravel's EVAL, and
/// `POST /broadcast`.
extension Stack {
    /// PUBLISHes a listener envelope on `channel` (default `ict.events`).
    func publish(_ envelope: JSONValue, channel: String = "ict.events") async throws {
        try await redis.publish(channel: channel, json: envelope)
    }

    /// Sends a Laravel broadcaster envelope `{"event","data","socket"}` to each of `channels`
    /// (given without the Redis prefix; it is added as Laravel does) in one EVAL.
    func laravelBroadcast(event: String, data: JSONValue, channels: [String], socket: String? = nil) async throws {
        var payloadData = data.object ?? [:]
        payloadData["socket"] = socket.map(JSONValue.string) ?? .null
        let payload: JSONValue = ["event": .string(event), "data": .object(payloadData), "socket": socket.map(JSONValue.string) ?? .null]
        try await redis.evalBroadcast(channels: channels.map { configuration.redisPrefix + $0 }, payload: payload.bytes)
    }

    /// `POST /broadcast` with the configured bearer token.
    func postBroadcast(
        _ body: [UInt8], contentType: String = "application/json", authorization: String? = nil
    ) async throws -> HTTPResponse {
        var headers = [("Content-Type", contentType)]
        if let auth = authorization ?? configuration.broadcastToken.map({ "Bearer \($0)" }) {
            headers.append(("Authorization", auth))
        }
        return try await HTTPClient.request(.POST, port: port, path: "/broadcast", headers: headers, body: body)
    }

    /// `POST /broadcast` of `envelope`, requiring 202; answers the assigned ids.
    @discardableResult
    func broadcast(_ envelope: JSONValue) async throws -> [String] {
        let response = try await postBroadcast(envelope.bytes)
        guard response.status == 202 else { throw SupportError("/broadcast answered \(response.status): \(response.text)") }
        return try response.json()["ids"]?.array?.compactMap(\.string) ?? []
    }

    /// `GET /status` as JSON.
    func status() async throws -> JSONValue {
        try await HTTPClient.getJSON(port: port, path: "/status")
    }
}
