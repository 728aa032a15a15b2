import Testing

/// README.md#configuration: REDIS_URL may carry a password, which is never printed.
@Suite("Redis password", .serialized, .stack(.standard.with { $0.redisPassword = "itest-redis-pass-7f3a" }))
struct RedisPasswordTests {
    @Test("the bridge authenticates to Redis and never shows the password in logs, /status or /metrics")
    func passwordNeverPrinted() async throws {
        let stack = try Stack.require()
        let password = try #require(stack.configuration.redisPassword)
        let session = try await stack.session("5")
        defer { session.close() }
        try await stack.publish(Envelope.notification(userIDs: [5]))
        #expect(try await session.next()["type"] == "system_notification_created")
        let status = try await HTTPClient.request(port: stack.port, path: "/status").text
        let metrics = try await HTTPClient.request(port: stack.port, path: "/metrics").text
        #expect(!status.contains(password), "/status shows the Redis password")
        #expect(!metrics.contains(password), "/metrics shows the Redis password")
        #expect(!stack.bridge.stderr.contains(password), "the log shows the Redis password")
    }
}
