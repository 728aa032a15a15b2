import Testing

/// README.md#configuration, docs/protocol.md: BRIDGE_HISTORY bounds what resume and /messages can replay.
@Suite("History bound", .serialized, .stack(.standard.with { $0.flags = ["--history", "5"] }))
struct HistoryBoundTests {
    @Test("evicted ids give resync; kept ids still replay; /status reports the window")
    func evictionLeadsToResync() async throws {
        let stack = try Stack.require()
        var ids: [String] = []
        for _ in 0..<8 { ids += try await stack.broadcast(Envelope.notification(userIDs: [80])) }
        #expect(ids.count == 8)

        let evicted = try await stack.session("80", query: "&last_id=\(ids[0])")
        defer { evicted.close() }
        #expect(try await evicted.next() == ["type": "bridge:resync"], "ids[0] fell out of a history of 5")

        let kept = try await stack.session("80", query: "&last_id=\(ids[5])")
        defer { kept.close() }
        #expect(try await kept.next()["id"]?.string == ids[6])
        #expect(try await kept.next()["id"]?.string == ids[7])
        #expect(try await kept.next() == ["type": "bridge:resumed", "missed": 2])

        let history = try #require(try await stack.status()["history"])
        #expect(history["capacity"] == 5)
        #expect(history["size"] == 5)
        #expect(history["last_id"]?.string == ids[7])
        #expect(history["first_id"]?.string == ids[3])

        let token = try await stack.tokens.token(user: "80")
        let polled = try await HTTPClient.getJSON(port: stack.port, path: "/messages?since=\(ids[0])&token=\(token)")
        #expect(polled["resync"] == true, "an evicted since answers resync: \(polled)")
    }
}
