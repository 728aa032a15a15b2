import Testing

/// SPEC §6: /test, /status, /clients, /health, /ready, /metrics, /client.js.
@Suite("HTTP endpoints", .serialized, .stack())
struct HTTPEndpointTests {
    @Test("GET /test answers ok, service and version")
    func testEndpoint() async throws {
        let stack = try Stack.require()
        let body = try await HTTPClient.getJSON(port: stack.port, path: "/test")
        #expect(body["ok"] == true)
        #expect(body["service"] == "bridge")
        #expect(body["version"]?.string?.isEmpty == false)
    }

    @Test("GET /health and /ready answer 200 while serving and subscribed")
    func healthAndReady() async throws {
        let stack = try Stack.require()
        #expect(try await HTTPClient.request(port: stack.port, path: "/health").status == 200)
        #expect(try await HTTPClient.request(port: stack.port, path: "/ready").status == 200)
    }

    @Test("GET /status has every field of SPEC §6")
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
    }

    @Test("GET /metrics is Prometheus text with the families of SPEC §10")
    func metricsFamilies() async throws {
        let stack = try Stack.require()
        try await stack.publish(Envelope.notification())
        try await stack.broadcast(Envelope.notification())
        try await stack.redis.publish(channel: "ict.events", payload: Array("garbage".utf8))
        let response = try await HTTPClient.request(port: stack.port, path: "/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
        let lines = response.text.split(separator: "\n").map(String.init)
        let types = lines.filter { $0.hasPrefix("# TYPE ") }
        func family(_ words: String...) -> Bool {
            types.contains { line in words.allSatisfy { line.lowercased().contains($0) } }
        }
        #expect(family("connection"), "a connections family")
        #expect(family("session"), "a sessions family")
        #expect(family("redis"), "a Redis state family")
        #expect(family("latency", "histogram") || family("seconds", "histogram"), "a delivery-latency histogram")
        let samples = lines.filter { !$0.hasPrefix("#") }
        #expect(samples.contains { $0.contains("source=\"redis\"") }, "messages labelled source=redis")
        #expect(samples.contains { $0.contains("source=\"broadcast\"") }, "messages labelled source=broadcast")
        #expect(samples.contains { $0.contains("reason=") || $0.contains("outcome=") }, "rejections by reason/outcome")
    }

    @Test("GET /client.js is JavaScript that defines LiveUpdates")
    func clientScript() async throws {
        let stack = try Stack.require()
        let response = try await HTTPClient.request(port: stack.port, path: "/client.js")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.contains("javascript") == true, "\(response.headers)")
        #expect(response.text.contains("LiveUpdates"))
    }
}
