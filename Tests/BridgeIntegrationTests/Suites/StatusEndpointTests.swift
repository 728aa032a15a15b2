import Testing

/// docs/protocol.md#http: /status fields and counters, /clients counts.
@Suite("Status and clients", .serialized, .stack())
struct StatusEndpointTests {
    @Test("GET /status has every field of docs/protocol.md#http")
    func statusFields() async throws {
        let stack = try Stack.require()
        let status = try await stack.status()
        for key in ["status", "version", "node", "started_at", "uptime_seconds", "connections", "sessions", "users",
                    "messages", "redis", "history"] {
            #expect(status[key] != nil, "/status lacks \(key): \(status)")
        }
        #expect(status["started_at"]?.string.flatMap(ISO8601.parse) != nil)
        #expect(status["uptime_seconds"]?.double != nil)
        for key in ["received", "delivered", "rejected", "dropped_slow"] {
            #expect(status["messages"]?[key] != nil, "/status.messages lacks \(key)")
        }
        #expect(status["messages"]?["rejected"]?.object != nil, "rejected is an object keyed by reason")
        #expect(status["redis"]?["connected"] == true)
        #expect((status["redis"]?["subscriptions"]?.int ?? 0) >= 1 || status["redis"]?["subscriptions"]?.array != nil)
        for key in ["reconnects", "last_message_at"] { #expect(status["redis"]?[key] != nil, "redis lacks \(key)") }
        for key in ["size", "capacity", "first_id", "last_id"] { #expect(status["history"]?[key] != nil, "history lacks \(key)") }
        #expect(status["history"]?["capacity"] == 10000)
    }

    @Test("/status counts received and delivered messages")
    func statusCounters() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("5")
        defer { session.close() }
        let before = try await stack.status()["messages"]
        try await stack.publish(Envelope.notification(userIDs: [5]))
        _ = try await session.next()
        let grew = await Eventually.holds(within: .seconds(3)) {
            let after = try? await stack.status()["messages"]
            return (after?["received"]?.int ?? 0) > (before?["received"]?.int ?? 0)
                && (after?["delivered"]?.int ?? 0) > (before?["delivered"]?.int ?? 0)
        }
        #expect(grew, "received and delivered should grow; before: \(before.map(\.text) ?? "nil")")
    }

    @Test("GET /clients counts authenticated sessions and distinct users")
    func clientsCounts() async throws {
        let stack = try Stack.require()
        let settled = await Eventually.holds(within: .seconds(5)) {
            (try? await HTTPClient.getJSON(port: stack.port, path: "/clients")) == ["clients": 0, "users": 0]
        }
        #expect(settled, "sessions of earlier tests should be gone")
        let sessions = [try await stack.session("5"), try await stack.session("5"), try await stack.session("9")]
        let unauthenticated = try await stack.bareSocket()
        defer { sessions.forEach { $0.close() }; unauthenticated.close() }
        let counted = await Eventually.holds(within: .seconds(3)) {
            (try? await HTTPClient.getJSON(port: stack.port, path: "/clients")) == ["clients": 3, "users": 2]
        }
        let seen = try await HTTPClient.getJSON(port: stack.port, path: "/clients")
        #expect(counted, "3 sessions of 2 users (plus one unauthenticated socket), /clients said \(seen)")
        let status = try await stack.status()
        #expect(status["sessions"] == 3 && status["users"] == 2, "/status sessions/users: \(status)")
        sessions.forEach { $0.close() }
        let released = await Eventually.holds(within: .seconds(5)) {
            (try? await HTTPClient.getJSON(port: stack.port, path: "/clients")) == ["clients": 0, "users": 0]
        }
        #expect(released, "closed sessions are no longer counted")
    }
}
