import Testing

/// docs/protocol.md#frames under concurrency: while events keep arriving, a resuming session and a
/// long-polling client each see every relevant event exactly once, in order.
@Suite("Resume and polling under load", .serialized, .stack())
struct ResumeUnderLoadTests {
    /// Broadcasts `count` events for `user`, one every `pause`; answers their ids in order.
    private static func publishSteadily(_ stack: Stack, user: Int, count: Int, pause: Duration) async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<count {
            ids += try await stack.broadcast(Envelope.notification(userIDs: [.int(user)]))
            try await Task.sleep(for: pause)
        }
        return ids
    }

    @Test("a session resuming mid-stream gets replay then live events without gap or repeat")
    func resumeWhilePublishing() async throws {
        let stack = try Stack.require()
        let first = try await stack.broadcast(Envelope.notification(userIDs: [95]))[0]
        let missed = try await Self.publishSteadily(stack, user: 95, count: 20, pause: .zero)
        async let published = Self.publishSteadily(stack, user: 95, count: 60, pause: .milliseconds(5))
        let session = try await stack.session("95", query: "&last_id=\(first)")
        defer { session.close() }
        let expected = missed + (try await published)
        var received: [String] = []
        var resumed: JSONValue?
        while received.count < expected.count {
            let frame = try await session.next()
            if frame["type"] == "bridge:resumed" { resumed = frame; continue }
            received.append(frame["id"]?.string ?? "?")
        }
        #expect(received == expected, "gap or repeat around the replay boundary")
        let replayed = try #require(resumed?["missed"]?.int, "no bridge:resumed among the frames")
        #expect(replayed >= missed.count && replayed <= expected.count, "missed \(replayed)")
        await session.client.expectNoMessage(for: .milliseconds(300), "after the last event")
    }

    @Test("a long-polling client following last_id sees every event exactly once")
    func longPollWhilePublishing() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "96")
        var cursor = try await stack.broadcast(Envelope.notification(userIDs: [96]))[0]
        async let published = Self.publishSteadily(stack, user: 96, count: 60, pause: .milliseconds(10))
        var received: [String] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while received.count < 60, ContinuousClock.now < deadline {
            let response = try await HTTPClient.request(
                port: stack.port, path: "/messages?since=\(cursor)&wait=2&limit=7",
                headers: [("Authorization", "Bearer \(token)")], timeout: .seconds(10))
            let page = try response.json()
            #expect(page["resync"] == false, "\(page)")
            received += page["messages"]?.array?.compactMap { $0["id"]?.string } ?? []
            cursor = page["last_id"]?.string ?? cursor
        }
        #expect(received == (try await published), "gap or repeat while polling")
    }
}
