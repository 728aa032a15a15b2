/// An authenticated WebSocket session: the client and the `bridge:welcome` it got first.
struct Session: Sendable {
    let client: WSClient
    let welcome: JSONValue
    let user: String

    var sessionID: String { welcome["session_id"]?.string ?? "" }

    func next(timeout: Duration = .seconds(5)) async throws -> JSONValue {
        try await client.next(timeout: timeout)
    }

    func close() { client.close() }
}

extension Stack {
    /// Opens `/ws?token=…` for `user` with `roles`, and requires `bridge:welcome` as the first frame.
    func session(
        _ user: String, roles: [String] = [], query: String = "", options: WSClient.Options = WSClient.Options()
    ) async throws -> Session {
        let token = try await tokens.token(user: user, roles: roles)
        let client = try await WSClient.connect(port: port, path: "/ws?token=\(token)\(query)", options: options)
        let first = try await client.next()
        guard first["type"]?.string == "bridge:welcome" else {
            client.close()
            throw SupportError("first frame for user \(user) is not bridge:welcome: \(first)")
        }
        return Session(client: client, welcome: first, user: user)
    }

    /// A WebSocket with no token on the URL (for first-frame auth and 4001 cases).
    func bareSocket(path: String = "/ws", origin: String? = nil) async throws -> WSClient {
        try await WSClient.connect(port: port, path: path, options: WSClient.Options(origin: origin))
    }

    /// Sessions for the usual cast of a help-desk test, each a distinct user.
    func cast(_ ids: Cast.IDs = Cast.IDs()) async throws -> Cast {
        Cast(
            staff: try await session(ids.staff, roles: ["technician"]),
            admin: try await session(ids.admin, roles: ["admin"]),
            requester: try await session(ids.requester),
            assignee: try await session(ids.assignee),
            other: try await session(ids.other, roles: ["manager"]))
    }
}
