import Testing

extension Hardening {
    /// Events published while Redis was away are lost to the bridge: once it has resubscribed, every
    /// session that lived through the gap gets `bridge:resync`, `/messages` since an id from before
    /// answers `resync: true`, and a session that connects after the recovery gets no resync.
    @Suite("Hardening: resync after a Redis outage")
    struct RedisGapResyncTests {
        @Test("sessions through the outage get bridge:resync; fresh ones do not", .timeLimit(.minutes(1)))
        func resyncAfterOutage() async throws {
            try await Stack.withOwn { stack in
                let before = try await stack.broadcast(Envelope.notification(userIDs: [5])).first ?? ""
                let early = try await stack.session("5")
                defer { early.close() }
                await stack.redis.stop()
                let notReady = await Eventually.holds(within: .seconds(10), every: .milliseconds(100)) {
                    (try? await HTTPClient.request(port: stack.port, path: "/ready"))?.status == 503
                }
                #expect(notReady, "/ready should notice Redis is gone")
                let during = try await stack.session("6")
                defer { during.close() }

                try await stack.redis.start()
                for session in [early, during] {
                    let frame = try await session.client.next(ofType: "bridge:resync", timeout: .seconds(10))
                    #expect(frame["type"] == "bridge:resync", "user \(session.user)")
                }

                let token = try await stack.tokens.token(user: "5")
                let polled = try await HTTPClient.getJSON(port: stack.port, path: "/messages?since=\(before)&token=\(token)")
                #expect(polled["resync"] == true, "/messages since an id from before the outage: \(polled)")

                let fresh = try await stack.session("7")
                defer { fresh.close() }
                try await stack.publish(Envelope.notification(userIDs: [5, 6, 7], id: 777))
                let first = try await fresh.next()
                #expect(first["data"]?["notification"]?["id"] == 777, "a fresh session's first frame after the welcome: \(first)")
                let next = try await early.next()
                #expect(next["data"]?["notification"]?["id"] == 777, "exactly one resync, then events: \(next)")
            }
        }
    }
}
