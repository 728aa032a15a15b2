/// What a signed-in Pusher client does (docs/pusher.md#user-authentication,
/// docs/pusher.md#client-events): `pusher:signin` with `user_data` signed as the Pusher server
/// SDKs sign it (computed here, independently of the bridge), and client events.
extension PusherTestApp {
    /// `user_data` of user `id` with `roles` in `user_info`, as JSON text.
    static func userData(id: String, roles: [String]) -> String {
        JSONValue.object(["id": .string(id), "user_info": ["roles": .array(roles.map(JSONValue.string))]]).text
    }

    /// What a user authentication endpoint answers as `auth`.
    static func userAuth(socketId: String, userData: String) -> String {
        "\(key):\(hmac("\(socketId)::user::\(userData)"))"
    }
}

extension PusherClient {
    /// Sends `pusher:signin` for `userData` (signed for this socket unless `auth` is given) and
    /// answers the server's reply.
    @discardableResult
    func signIn(userData: String, auth: String? = nil) async throws -> JSONValue {
        let signature = auth ?? PusherTestApp.userAuth(socketId: socketId, userData: userData)
        try await send(["event": "pusher:signin", "data": ["auth": .string(signature), "user_data": .string(userData)]])
        return try await next()
    }

    /// A connection signed in as `id` with `roles`, having seen `pusher:signin_success`.
    static func signedIn(port: Int, id: String, roles: [String] = []) async throws -> PusherClient {
        let client = try await connect(port: port)
        let reply = try await client.signIn(userData: PusherTestApp.userData(id: id, roles: roles))
        guard reply["event"]?.string == "pusher:signin_success" else {
            client.close()
            throw SupportError("signing in as \(id) answered \(reply)")
        }
        return client
    }

    /// The client event frame pusher-js sends for `channel.trigger(event, data)`.
    static func clientEvent(_ event: String, on channel: String, data: JSONValue) -> JSONValue {
        ["event": .string(event), "channel": .string(channel), "data": data]
    }

    func whisper(_ event: String, on channel: String, data: JSONValue) async throws {
        try await send(Self.clientEvent(event, on: channel, data: data))
    }
}
