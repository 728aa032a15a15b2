import Testing

/// docs/protocol.md#ingest-envelopes: bad input never stops the bridge and never reaches a client; each kind is counted
/// under its own reason in /status, and a valid message right after still arrives.
@Suite("Bad input from Redis", .serialized, .stack())
struct BadInputTests {
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case notJSON, invalidUTF8, wrongShape, missingField, tooLarge

        var testDescription: String { rawValue }

        var payload: [UInt8] {
            switch self {
            case .notJSON: return Array("this is not json".utf8)
            case .invalidUTF8: return [0x7B, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]
            case .wrongShape: return Array("[\"ticket_created\", 1]".utf8)
            case .missingField: return Envelope.listener("ticket_created", ["ticket": ["id": 1]], audience: ["everyone": true]).bytes
            case .tooLarge:
                let padding = String(repeating: "x", count: 1_048_577)
                return Envelope.listener("system_notification_created",
                                         ["notification": ["id": 1, "title": .string(padding)]]).bytes
            }
        }
    }

    private func reasonGrown(by kind: Kind, stack: Stack, session: Session) async throws -> [String] {
        let before = try await RejectedCounts.fetch(stack)
        try await stack.redis.publish(channel: "ict.events", payload: kind.payload)
        try await Routing(stack: stack).expect("ticket_created", reaches: [], notReaches: [session])
        return try await RejectedCounts.waitForGrowth(stack, since: before)
    }

    @Test("each kind is dropped, counted, and the next valid message still arrives", arguments: Kind.allCases)
    func badInputIsCounted(kind: Kind) async throws {
        let stack = try Stack.require()
        let session = try await stack.session("100", roles: ["admin"])
        defer { session.close() }
        let grown = try await reasonGrown(by: kind, stack: stack, session: session)
        #expect(grown.count == 1, "\(kind) should grow exactly one reason, grew \(grown)")
        try await stack.publish(Envelope.ticketCreated(requester: 7))
        try await Routing(stack: stack).expect("ticket_created", reaches: [session], notReaches: [])
        #expect(try await HTTPClient.request(port: stack.port, path: "/health").status == 200)
    }

    @Test("not-JSON (invalid UTF-8 included), wrong shape, missing field and too large have distinct reasons")
    func reasonsAreDistinct() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("100", roles: ["admin"])
        defer { session.close() }
        var reasons: [Kind: [String]] = [:]
        for kind in Kind.allCases { reasons[kind] = try await reasonGrown(by: kind, stack: stack, session: session) }
        #expect(reasons[.notJSON] == reasons[.invalidUTF8], "invalid UTF-8 counts as not JSON: \(reasons)")
        let distinct = Set([Kind.notJSON, .wrongShape, .missingField, .tooLarge].compactMap { reasons[$0]?.first })
        #expect(distinct.count == 4, "four different reasons expected: \(reasons)")
        let metrics = try await HTTPClient.request(port: stack.port, path: "/metrics").text
        for reason in distinct { #expect(metrics.contains(reason), "/metrics should count reason \(reason)") }
    }

    @Test("exactly 1 MiB from Redis is accepted; one byte more is rejected as too large")
    func sizeBoundary() async throws {
        let stack = try Stack.require()
        let exact = Envelope.padded(toBytes: 1_048_576)
        let over = Envelope.padded(toBytes: 1_048_577)
        #expect(exact.bytes.count == 1_048_576 && over.bytes.count == 1_048_577)
        let before = try await RejectedCounts.fetch(stack)
        let lastBefore = try await stack.status()["history"]?["last_id"]
        try await stack.redis.publish(channel: "ict.events", payload: exact.bytes)
        let accepted = await Eventually.holds(within: .seconds(3)) {
            (try? await stack.status()["history"]?["last_id"]) != lastBefore
        }
        #expect(accepted, "a message of exactly 1,048,576 bytes takes a seq")
        #expect(try await RejectedCounts.fetch(stack).keysGrown(since: before).isEmpty)
        try await stack.redis.publish(channel: "ict.events", payload: over.bytes)
        let grown = try await RejectedCounts.waitForGrowth(stack, since: before)
        #expect(grown.count == 1, "1,048,577 bytes is rejected: \(grown)")
    }
}
