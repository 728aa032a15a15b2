import Testing

/// docs/protocol.md#http: GET /messages polling and long-polling.
@Suite("GET /messages", .serialized, .stack())
struct MessagesEndpointTests {
    private func poll(_ stack: Stack, _ query: String, user: String = "90", bearer: Bool = true) async throws -> JSONValue {
        let token = try await stack.tokens.token(user: user)
        let path = bearer ? "/messages?\(query)" : "/messages?\(query)&token=\(token)"
        let headers = bearer ? [("Authorization", "Bearer \(token)")] : []
        let response = try await HTTPClient.request(port: stack.port, path: path, headers: headers, timeout: .seconds(40))
        guard response.status == 200 else { throw SupportError("/messages?\(query) answered \(response.status): \(response.text)") }
        return try response.json()
    }

    @Test("without a valid token: 401", arguments: ["", "?token=not-a-jwt"])
    func unauthorized(query: String) async throws {
        let stack = try Stack.require()
        #expect(try await HTTPClient.request(port: stack.port, path: "/messages\(query)").status == 401)
    }

    @Test("only the user's relevant events, in the event-frame shape, via Bearer or ?token")
    func relevantOnly() async throws {
        let stack = try Stack.require()
        let start = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        let mine = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        try await stack.broadcast(Envelope.notification(userIDs: [91]))
        for bearer in [true, false] {
            let page = try await poll(stack, "since=\(start)", bearer: bearer)
            #expect(page["resync"] == false)
            let messages = try #require(page["messages"]?.array)
            #expect(messages.compactMap { $0["id"]?.string } == [mine], "only 90's event after \(start): \(page)")
            #expect(messages.first?["type"] == "system_notification_created" && messages.first?["ts"] != nil)
            #expect(messages.first?["audience"] == nil)
            let cursor = try #require(EventID(page["last_id"]?.string), "last_id: \(page)")
            #expect(cursor >= (EventID(mine) ?? cursor.future), "last_id \(cursor) must not be before \(mine)")
            let rest = try await poll(stack, "since=\(cursor)", bearer: bearer)
            #expect(rest["messages"] == [], "nothing new after last_id: \(rest)")
        }
    }

    @Test("since + limit continue without gap or repeat; last_id is the last returned id")
    func paging() async throws {
        let stack = try Stack.require()
        let start = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        var expected: [String] = []
        for _ in 0..<5 { expected += try await stack.broadcast(Envelope.notification(userIDs: [90])) }
        var seen: [String] = []
        var since = start
        for _ in 0..<5 {
            let page = try await poll(stack, "since=\(since)&limit=2")
            let ids = page["messages"]?.array?.compactMap { $0["id"]?.string } ?? []
            #expect(ids.count <= 2)
            if ids.isEmpty { break }
            #expect(page["last_id"]?.string == ids.last)
            seen += ids
            since = ids.last ?? since
        }
        #expect(seen == expected)
    }

    @Test("a since from before the upgrade answers 200 with resync true")
    func foreignSince() async throws {
        let stack = try Stack.require()
        let newest = try #require(EventID(try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]))
        let foreign = newest.preUpgrade
        let page = try await poll(stack, "since=\(foreign)")
        #expect(page["resync"] == true, "\(page)")
    }

    @Test("wait holds the request until a relevant event arrives")
    func longPollReturnsOnEvent() async throws {
        let stack = try Stack.require()
        let start = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        let started = ContinuousClock.now
        async let page = poll(stack, "since=\(start)&wait=10")
        try await Task.sleep(for: .seconds(1))
        let id = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        let result = try await page
        let elapsed = ContinuousClock.now - started
        #expect(result["messages"]?.array?.first?["id"]?.string == id, "\(result)")
        #expect(elapsed < .seconds(5), "answered \(elapsed.seconds) s after the request, the event came at 1 s")
        #expect(elapsed > .seconds(0.8), "answered before the event existed")
    }

    @Test("wait with nothing relevant answers 200 with no messages after about wait seconds")
    func longPollTimesOut() async throws {
        let stack = try Stack.require()
        let start = try await stack.broadcast(Envelope.notification(userIDs: [90]))[0]
        let started = ContinuousClock.now
        async let page = poll(stack, "since=\(start)&wait=2")
        try await Task.sleep(for: .milliseconds(300))
        try await stack.broadcast(Envelope.notification(userIDs: [91]))  // someone else's
        let result = try await page
        let elapsed = ContinuousClock.now - started
        #expect(result["messages"] == [])
        #expect(elapsed > .seconds(1.5) && elapsed < .seconds(4), "answered after \(elapsed.seconds) s for wait=2")
    }
}
