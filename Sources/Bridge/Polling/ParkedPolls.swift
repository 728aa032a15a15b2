import Atomics

/// Long-polls waiting across the bridge, bounded so that parked requests cannot pin memory
/// without limit (then 503, "retry shortly"). Thread-safe.
final class ParkedPolls: Sendable {
    let limit: Int
    private let count = ManagedAtomic(0)

    init(limit: Int) {
        self.limit = limit
    }

    func reserve() -> Bool {
        if count.wrappingIncrementThenLoad(ordering: .relaxed) <= limit { return true }
        count.wrappingDecrement(ordering: .relaxed)
        return false
    }

    func release() {
        count.wrappingDecrement(ordering: .relaxed)
    }
}
