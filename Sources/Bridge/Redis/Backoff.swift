import NIOCore

/// Reconnect delays: 0.1 s after the first failure, doubling with every further one, at most 5 s.
struct Backoff {
    static let first = TimeAmount.milliseconds(100)
    static let cap = TimeAmount.seconds(5)

    /// Failures since the last success.
    private(set) var failures = 0

    /// Counts a failure and answers how long to wait before the next attempt.
    mutating func next() -> TimeAmount {
        failures += 1
        return min(Self.cap, Self.first * Int64(1 << min(failures - 1, 10)))
    }

    mutating func reset() {
        failures = 0
    }
}
