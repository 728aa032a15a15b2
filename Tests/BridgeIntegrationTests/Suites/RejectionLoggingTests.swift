import Testing

/// docs/protocol.md#ingest-envelopes: bad input is logged once per reason per minute, with the channel name. A stack of its
/// own, so no earlier rejection has used up this minute's log line.
@Suite("Rejection logging", .serialized, .stack())
struct RejectionLoggingTests {
    @Test("five identical rejections within a minute give one log line naming the channel")
    func loggedOncePerReasonPerMinute() async throws {
        let stack = try Stack.require()
        let name = "itest-logging-\(Envelope.uniqueID())"
        let before = try await RejectedCounts.fetch(stack)
        for _ in 0..<5 { try await stack.redis.publish(channel: "laravel_database_private-\(name)", payload: Array("not json".utf8)) }
        let counted = await Eventually.holds(within: .seconds(3)) {
            let after = try? await RejectedCounts.fetch(stack)
            return (after?.counts.values.reduce(0, +) ?? 0) - before.counts.values.reduce(0, +) >= 5
        }
        #expect(counted, "five rejections should be counted")
        let lines = stack.bridge.stderr.split(separator: "\n").filter { $0.contains(name) }
        #expect(lines.count == 1, "one log line for five identical rejections: \(lines)")
    }
}
