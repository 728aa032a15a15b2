import NIOConcurrencyHelpers

/// Counts authenticated sessions per user on this node, for the per-user limit and `/clients`.
final class UserConnectionCounter: Sendable {
    /// Sessions per user and their sum, kept together so totals cost O(1) on every open and close.
    private struct State {
        var counts: [String: Int] = [:]
        var sessions = 0
    }

    private let state = NIOLockedValueBox(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `user`; false when the user already holds `limit` sessions, counting
    /// `elsewhere` sessions on other nodes.
    func reserve(_ user: String, elsewhere: Int = 0) -> Bool {
        state.withLockedValue { state in
            let current = state.counts[user, default: 0]
            guard current + elsewhere < limit else { return false }
            state.counts[user] = current + 1
            state.sessions += 1
            return true
        }
    }

    /// Gives back a slot `reserve` took; a user holding none is ignored.
    func release(_ user: String) {
        state.withLockedValue { state in
            guard let current = state.counts[user] else { return }
            state.counts[user] = current > 1 ? current - 1 : nil
            state.sessions -= 1
        }
    }

    /// Authenticated sessions and distinct users.
    var totals: (sessions: Int, users: Int) {
        state.withLockedValue { state in (state.sessions, state.counts.count) }
    }

    /// Sessions per user, for the cluster view.
    var users: [String: Int] {
        state.withLockedValue { $0.counts }
    }
}
