import NIOConcurrencyHelpers

/// Counts authenticated sessions per user on this node, for the per-user limit and `/clients`.
public final class UserConnectionCounter: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])
    private let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `user`; false when the user already holds `limit` sessions.
    public func reserve(_ user: String) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[user, default: 0]
            guard current < limit else { return false }
            counts[user] = current + 1
            return true
        }
    }

    public func release(_ user: String) {
        counts.withLockedValue { counts in
            let remaining = counts[user, default: 0] - 1
            counts[user] = remaining > 0 ? remaining : nil
        }
    }

    /// Authenticated sessions and distinct users.
    public var totals: (sessions: Int, users: Int) {
        counts.withLockedValue { counts in (counts.values.reduce(0, +), counts.count) }
    }

    /// The users with at least one session, for the cluster view.
    public var users: [String] {
        counts.withLockedValue { Array($0.keys) }
    }
}
