/// Bounded polling: every wait in this suite goes through here or through a timeout of its own.
enum Eventually {
    /// Calls `probe` until it returns a value or `timeout` has passed; `nil` means it never did.
    static func value<T: Sendable>(
        within timeout: Duration,
        every interval: Duration = .milliseconds(20),
        _ probe: @Sendable () async throws -> T?
    ) async rethrows -> T? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let value = try await probe() { return value }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: interval)
        }
    }

    /// Calls `condition` until it holds or `timeout` has passed; answers whether it held.
    static func holds(
        within timeout: Duration,
        every interval: Duration = .milliseconds(20),
        _ condition: @Sendable () async throws -> Bool
    ) async rethrows -> Bool {
        try await value(within: timeout, every: interval) { try await condition() ? true : nil } ?? false
    }
}

extension Duration {
    /// The duration in seconds as a Double, for messages and arithmetic.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
