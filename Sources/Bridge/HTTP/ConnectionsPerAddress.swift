import NIOConcurrencyHelpers

/// WebSocket connections held per client address, bounded by `BRIDGE_MAX_CONNECTIONS_PER_IP`
/// (without it nothing is counted). Thread-safe; an address leaves the table with its last connection.
final class ConnectionsPerAddress: Sendable {
    private let limit: Int
    private let counts = NIOLockedValueBox([String: Int]())

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `address`; false when it holds its limit already.
    func reserve(_ address: String) -> Bool {
        counts.withLockedValue { counts in
            let held = counts[address, default: 0]
            if held >= limit { return false }
            counts[address] = held + 1
            return true
        }
    }

    func release(_ address: String) {
        counts.withLockedValue { counts in
            guard let held = counts[address] else { return }
            counts[address] = held > 1 ? held - 1 : nil
        }
    }

    /// Whether `address` holds its limit (a refused upgrade is answered 503 then).
    func isFull(_ address: String) -> Bool {
        counts.withLockedValue { $0[address, default: 0] >= limit }
    }
}
