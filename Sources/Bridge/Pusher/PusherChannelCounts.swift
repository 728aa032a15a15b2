import NIOConcurrencyHelpers

/// This node's Pusher subscriptions per channel, kept as connections subscribe and leave; the
/// cluster reporter publishes them so the HTTP API and `/status` can count every node's.
final class PusherChannelCounts: Sendable {
    /// The most channels one node reports (the busiest kept): bounds the cluster report.
    static let maxReported = 10_000

    private let counts = NIOLockedValueBox<[String: Int]>([:])

    init() {}

    /// A connection's subscriptions went from `old` to `new`.
    func changed(from old: Set<String>, to new: Set<String>) {
        guard old != new else { return }
        counts.withLockedValue { counts in
            for channel in new.subtracting(old) { counts[channel, default: 0] += 1 }
            for channel in old.subtracting(new) {
                let left = counts[channel, default: 0] - 1
                counts[channel] = left > 0 ? left : nil
            }
        }
    }

    /// Subscriptions per channel now, at most ``maxReported`` channels (the busiest).
    var snapshot: [String: Int] {
        let all = counts.withLockedValue { $0 }
        guard all.count > Self.maxReported else { return all }
        return Dictionary(uniqueKeysWithValues: all.sorted { $0.value > $1.value }.prefix(Self.maxReported).map { ($0.key, $0.value) })
    }
}
