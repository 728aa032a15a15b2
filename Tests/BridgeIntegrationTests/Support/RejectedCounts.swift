/// `messages.rejected` of `/status`: counts by reason, compared before and after some bad input.
struct RejectedCounts: Sendable {
    let counts: [String: Int]

    static func fetch(_ stack: Stack) async throws -> RejectedCounts {
        let status = try await stack.status()
        guard let rejected = status["messages"]?["rejected"]?.object else {
            throw SupportError("/status has no messages.rejected object: \(status)")
        }
        return RejectedCounts(counts: rejected.compactMapValues(\.int))
    }

    /// Reasons whose count is higher than in `earlier`.
    func keysGrown(since earlier: RejectedCounts) -> [String] {
        counts.filter { $0.value > earlier.counts[$0.key, default: 0] }.map(\.key).sorted()
    }

    /// Polls `/status` until some reason grew past `earlier` (bounded); answers the grown keys.
    static func waitForGrowth(_ stack: Stack, since earlier: RejectedCounts) async throws -> [String] {
        try await Eventually.value(within: .seconds(3)) {
            let grown = try await fetch(stack).keysGrown(since: earlier)
            return grown.isEmpty ? nil : grown
        } ?? []
    }
}
