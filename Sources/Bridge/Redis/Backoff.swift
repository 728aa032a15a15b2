/// Reconnect delays: 0.1 s after the first failure, doubling with every further one, at most 5 s.
struct Backoff {
    static let first = Duration.milliseconds(100)
    static let cap = Duration.seconds(5)

    /// Failures since the last success.
    private(set) var failures = 0

    /// Counts a failure and answers how long to wait before the next attempt.
    mutating func next() -> Duration {
        failures += 1
        return min(Self.cap, Self.first * (1 << min(failures - 1, 10)))
    }

    mutating func reset() {
        failures = 0
    }
}
