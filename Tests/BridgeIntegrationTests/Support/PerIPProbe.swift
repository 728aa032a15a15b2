/// Opens authenticated WebSocket upgrades with chosen headers and reports the HTTP status of
/// each, for the per-address connection limit.
struct PerIPProbe: Sendable {
    let stack: Stack

    /// Waits (bounded) until the bridge has no session left, so earlier tests' sockets are not counted.
    func waitForNoSessions() async throws {
        let port = stack.port
        let empty = await Eventually.holds(within: .seconds(5)) {
            (try? await HTTPClient.getJSON(port: port, path: "/clients"))?["clients"]?.int == 0
        }
        guard empty else {
            let status = try? await HTTPClient.getJSON(port: port, path: "/status")
            throw SupportError("sessions of earlier tests still open after 5 s: connections \(status?["connections"]?.int ?? -1), "
                               + "sessions \(status?["sessions"]?.int ?? -1), users \(status?["users"]?.int ?? -1)")
        }
    }

    /// One upgrade for `user` (its own token) with `headers`; the socket stays open.
    func upgrade(user: String, headers: [(String, String)]) async throws -> RawWebSocket {
        let token = try await stack.tokens.token(user: user)
        return try await RawWebSocket.connect(port: stack.port, path: "/ws?token=\(token)", headers: headers)
    }

    /// `count` upgrades, users 1…count.
    func upgrades(_ count: Int, headers: [(String, String)]) async throws -> [RawWebSocket] {
        var sockets: [RawWebSocket] = []
        for index in 1...count { sockets.append(try await upgrade(user: "\(index)", headers: headers)) }
        return sockets
    }

    /// Whether an upgrade answers 101 within 5 s of tries (the bridge frees a slot when it
    /// notices the close, which takes a moment).
    func eventuallyUpgrades(user: String, headers: [(String, String)]) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while ContinuousClock.now < deadline {
            let socket = try await upgrade(user: user, headers: headers)
            defer { socket.close() }
            if socket.status == 101 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
