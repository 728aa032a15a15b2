import Testing

/// docs/protocol.md#http: /test, /health, /ready, /metrics, /client.js.
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

    @Test("GET /metrics is Prometheus text with the families of docs/protocol.md")
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
