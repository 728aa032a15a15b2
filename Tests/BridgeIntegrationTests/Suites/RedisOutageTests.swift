import Testing

/// docs/protocol.md#http: Redis down does not stop the bridge; /ready follows Redis; /broadcast
/// answers 503 (nothing is delivered: the log is in Redis); sessions stay and are told to resync,
/// then receive again once Redis is back (same port).
@Suite("Redis outage")
struct RedisOutageTests {
    @Test("ready 503 within 10 s of Redis dying, /broadcast 503, 200 again and events after restart",
          .timeLimit(.minutes(2)))
    func outageAndRecovery() async throws {
        try await Stack.withOwn { stack in
            let session = try await stack.session("5")
            defer { session.close() }
            await stack.redis.stop()

            let notReady = await Eventually.holds(within: .seconds(10), every: .milliseconds(200)) {
                (try? await HTTPClient.request(port: stack.port, path: "/ready"))?.status == 503
            }
            #expect(notReady, "/ready should answer 503 within 10 s of Redis dying")
            let reason = try await HTTPClient.request(port: stack.port, path: "/ready")
            #expect(reason.status != 503 || !reason.body.isEmpty, "a 503 from /ready gives the reason")
            #expect(try await HTTPClient.request(port: stack.port, path: "/health").status == 200)
            #expect(try await stack.status()["redis"]?["connected"] == false)

            let refused = try await stack.postBroadcast(Envelope.notification(userIDs: [5]).bytes)
            #expect(refused.status == 503, "/broadcast cannot append without Redis: \(refused.status) \(refused.text)")
            #expect(refused.text.contains("retry"), "the 503 says what to do: \(refused.text)")
            await session.client.expectNoMessage(for: .milliseconds(300), "a refused /broadcast delivers nothing")

            try await stack.redis.start()
            let ready = await Eventually.holds(within: .seconds(10), every: .milliseconds(200)) {
                (try? await HTTPClient.request(port: stack.port, path: "/ready"))?.status == 200
            }
            #expect(ready, "/ready should answer 200 within a few seconds of Redis returning")
            #expect(try await session.next()["type"] == "bridge:resync", "events published during the outage are lost: resync")

            try await stack.publish(Envelope.notification(userIDs: [5]))
            #expect(try await session.next()["type"] == "system_notification_created", "the session receives via Redis again")
            try await stack.broadcast(Envelope.notification(userIDs: [5]))
            #expect(try await session.next()["type"] == "system_notification_created", "and via /broadcast")
            #expect(session.client.inbox.receivedCloseCode == nil)
            #expect((try await stack.status()["redis"]?["reconnects"]?.int ?? 0) >= 1)
        }
    }
}
