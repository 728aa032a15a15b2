import Testing

extension Hardening {
    /// BRIDGE_HISTORY_BYTES bounds the history by bytes as well as by count: large messages evict
    /// older ones early, and resuming from an evicted id gives `bridge:resync`.
    @Suite("Hardening: --history-bytes", .serialized, .stack(.standard.with { $0.flags = ["--history-bytes", "200000"] }))
    struct HistoryBytesTests {
        @Test("20 messages of ~50 KB leave at most 4 in history; resuming from the first gives resync")
        func boundedByBytes() async throws {
            let stack = try Stack.require()
            var ids: [String] = []
            for _ in 0..<20 {
                ids += try await stack.broadcast(Envelope.padded(toBytes: 50_000))
                let size = try await stack.status()["history"]?["size"]?.int ?? -1
                #expect((0...4).contains(size), "history.size \(size) after \(ids.count) messages of 50 KB")
            }
            #expect(ids.count == 20)

            let session = try await stack.session("5", query: "&last_id=\(ids[0])")
            defer { session.close() }
            #expect(try await session.next()["type"] == "bridge:resync", "the first id was evicted by bytes")

            let token = try await stack.tokens.token(user: "5")
            let polled = try await HTTPClient.getJSON(port: stack.port, path: "/messages?since=\(ids[0])&token=\(token)")
            #expect(polled["resync"] == true, "/messages since an evicted id: \(polled["resync"]?.text ?? "absent")")
        }

        @Test("small messages still fill the history up to its count")
        func smallMessagesKept() async throws {
            let stack = try Stack.require()
            let before = try await stack.status()["history"]?["size"]?.int ?? 0
            let batch: JSONValue = .object(["messages": .array((0..<30).map { _ in Envelope.notification(userIDs: ["nobody"]) })])
            let ids = try await stack.broadcast(batch)
            let size = try await stack.status()["history"]?["size"]?.int ?? 0
            #expect(size >= min(30, before + 30) - 1 && size > 4, "history.size \(size) after 30 small messages")

            let session = try await stack.session("5", query: "&last_id=\(ids[0])")
            defer { session.close() }
            #expect(try await session.next()["type"] == "bridge:resumed", "a recent small message can be resumed from")
        }
    }
}
