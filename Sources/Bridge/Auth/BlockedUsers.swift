import NIOConcurrencyHelpers

/// Users blocked by a `user_status_changed` to a blocking status: their tokens are refused
/// (4003 / 403) until a change to `active`, or until every token issued before the block has
/// expired (`BRIDGE_MAX_TOKEN_TTL` after it). Thread-safe; bounded by ``capacity`` entries,
/// expired ones pruned first.
final class BlockedUsers: Sendable {
    static let capacity = 100_000

    /// User id → Unix second until which its tokens are refused.
    private let until = NIOLockedValueBox([String: Int64]())
    private let blockLifetime: Int64

    init(maxTokenLifetime: Int) {
        blockLifetime = Int64(maxTokenLifetime) + Int64(TokenPolicy.lifetimeLeeway)
    }

    func block(_ user: String, now: Int64) {
        until.withLockedValue { until in
            if until.count >= Self.capacity {
                until = until.filter { $0.value > now }
                if until.count >= Self.capacity, let soonest = until.min(by: { $0.value < $1.value }) {
                    until.removeValue(forKey: soonest.key)
                }
            }
            until[user] = now + blockLifetime
        }
    }

    func unblock(_ user: String) {
        _ = until.withLockedValue { $0.removeValue(forKey: user) }
    }

    func isBlocked(_ user: String, now: Int64) -> Bool {
        until.withLockedValue { until in
            guard let end = until[user] else { return false }
            if end > now { return true }
            until.removeValue(forKey: user)
            return false
        }
    }
}
