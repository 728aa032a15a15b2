/// A Pusher protocol client on a `RawWebSocket` (docs/pusher.md#connection): connects to
/// `/app/{key}`, reads `pusher:connection_established`, subscribes, and reads what follows.
final class PusherClient {
    let ws: RawWebSocket
    let socketId: String

    private init(ws: RawWebSocket, socketId: String) {
        self.ws = ws
        self.socketId = socketId
    }

    /// Connects with `?protocol=7` and requires `pusher:connection_established` first.
    static func connect(port: Int, key: String = PusherTestApp.key) async throws -> PusherClient {
        let ws = try await RawWebSocket.connect(port: port, path: "/app/\(key)?protocol=7&client=js&version=8.4.0")
        guard ws.status == 101 else { throw SupportError("upgrade of /app/\(key) answered \(ws.status): \(ws.head)") }
        let first = try await ws.nextText()
        guard first["event"]?.string == "pusher:connection_established", let data = first["data"]?.string,
              let socketId = try JSONValue.parse(data)["socket_id"]?.string else {
            throw SupportError("first frame is not pusher:connection_established: \(first)")
        }
        return PusherClient(ws: ws, socketId: socketId)
    }

    func send(_ frame: JSONValue) async throws {
        try await ws.send(.text(frame.text))
    }

    /// Subscribes (signing private channels with the test app) and answers the server's reply.
    @discardableResult
    func subscribe(_ channel: String, auth: String? = nil) async throws -> JSONValue {
        var data: [String: JSONValue] = ["channel": .string(channel)]
        if let auth = auth ?? (channel.hasPrefix("private-") ? PusherTestApp.auth(socketId: socketId, channel: channel) : nil) {
            data["auth"] = .string(auth)
        }
        try await send(["event": "pusher:subscribe", "data": .object(data)])
        return try await ws.nextText()
    }

    /// Subscribes and requires `pusher_internal:subscription_succeeded` for `channel`.
    func join(_ channel: String) async throws {
        let reply = try await subscribe(channel)
        guard reply["event"]?.string == "pusher_internal:subscription_succeeded", reply["channel"]?.string == channel else {
            throw SupportError("subscribing to \(channel) answered \(reply)")
        }
    }

    func next() async throws -> JSONValue {
        try await ws.nextText()
    }

    func close() { ws.close() }
}
