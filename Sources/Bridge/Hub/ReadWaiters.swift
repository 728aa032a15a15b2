import NIOCore

/// Requests waiting until this node has read the log up to an id (`POST /broadcast` answers once
/// its messages are in this node's history, so a resume or poll right after it finds them).
/// Not thread-safe: the ``Hub`` guards it. Bounded by ``capacity``; a waiter over it is released
/// at once.
struct ReadWaiters {
    static let capacity = 10_000

    /// One waiting request.
    final class Waiter: Sendable {
        let through: StreamID
        let promise: EventLoopPromise<Void>

        init(through: StreamID, promise: EventLoopPromise<Void>) {
            self.through = through
            self.promise = promise
        }
    }

    private(set) var readThrough = StreamID.zero
    private var waiting: [Waiter] = []

    /// Adds a waiter; false when it need not (or cannot) wait.
    mutating func add(_ waiter: Waiter) -> Bool {
        guard waiter.through > readThrough, waiting.count < Self.capacity else { return false }
        waiting.append(waiter)
        return true
    }

    /// The log was read through `id`: answers the waiters it releases.
    mutating func read(through id: StreamID) -> [Waiter] {
        readThrough = max(readThrough, id)
        guard !waiting.isEmpty else { return [] }
        let released = waiting.filter { $0.through <= readThrough }
        waiting.removeAll { $0.through <= readThrough }
        return released
    }

    /// Takes `waiter` out (its time is up); false when it was released already.
    mutating func remove(_ waiter: Waiter) -> Bool {
        guard let index = waiting.firstIndex(where: { $0 === waiter }) else { return false }
        waiting.remove(at: index)
        return true
    }
}
