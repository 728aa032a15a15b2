/// Presence channels from a Pusher client's side (docs/pusher.md#presence-channels).
extension PusherClient {
    /// Subscribes to `channel` as `user` (signed by the test app) and answers the server's reply.
    @discardableResult
    func subscribePresence(_ channel: String, user: String, info: JSONValue = .null, channelData: String? = nil,
                           auth: String? = nil) async throws -> JSONValue {
        try await requestPresence(channel, user: user, info: info, channelData: channelData, auth: auth)
        return try await next()
    }

    /// Sends the subscription of `subscribePresence` without waiting for the answer.
    func requestPresence(_ channel: String, user: String, info: JSONValue = .null, channelData: String? = nil,
                         auth: String? = nil) async throws {
        let data = channelData ?? PusherTestApp.channelData(user: user, info: info)
        let signature = auth ?? PusherTestApp.presenceAuth(socketId: socketId, channel: channel, channelData: data)
        try await send(["event": "pusher:subscribe", "data": ["channel": .string(channel), "auth": .string(signature),
                                                                "channel_data": .string(data)]])
    }

    /// Subscribes as `user`, requires `subscription_succeeded` and answers its `presence` object
    /// (`ids`, `hash`, `count`).
    func joinPresence(_ channel: String, user: String, info: JSONValue = .null) async throws -> JSONValue {
        let reply = try await subscribePresence(channel, user: user, info: info)
        guard reply["event"]?.string == "pusher_internal:subscription_succeeded", reply["channel"]?.string == channel,
              let data = reply["data"]?.string, let presence = try JSONValue.parse(data)["presence"] else {
            throw SupportError("subscribing to \(channel) as \(user) answered \(reply)")
        }
        return presence
    }

    /// The next frame, required to be `event` on `channel`; answers its data parsed.
    func expect(_ event: String, on channel: String, timeout: Duration = .seconds(5)) async throws -> JSONValue {
        let frame = try await ws.nextText(timeout: timeout)
        guard frame["event"]?.string == event, frame["channel"]?.string == channel, let data = frame["data"]?.string else {
            throw SupportError("expected \(event) on \(channel), got \(frame)")
        }
        return try JSONValue.parse(data)
    }

    /// The user ids of a `presence` object, sorted.
    static func ids(_ presence: JSONValue) -> [String] {
        (presence["ids"]?.array ?? []).compactMap(\.string).sorted()
    }
}
