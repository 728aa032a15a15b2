@testable import Bridge
import NIOCore
import NIOEmbedded
import Testing

/// docs/protocol.md#post-broadcast: a /broadcast answers once its messages are read back.
@Suite("Read waiters")
struct ReadWaitersTests {
    /// A waiter on `loop`. Each test makes its own loop: an embedded loop must only be used from
    /// the thread that made it, and tests run in parallel.
    static func waiter(_ ms: UInt64, on loop: EmbeddedEventLoop) -> ReadWaiters.Waiter {
        ReadWaiters.Waiter(through: StreamID(milliseconds: ms, sequence: 0), promise: loop.makePromise(of: Void.self))
    }

    @Test("a waiter is released once the log is read through its id, not before; one already read need not wait")
    func release() {
        let loop = EmbeddedEventLoop()
        var waiters = ReadWaiters()
        let early = Self.waiter(10, on: loop), late = Self.waiter(20, on: loop)
        let added = [waiters.add(early), waiters.add(late)]
        #expect(added == [true, true])
        let first = waiters.read(through: StreamID(milliseconds: 15, sequence: 0)).map(\.through)
        #expect(first == [early.through])
        let read = Self.waiter(12, on: loop)
        let again = waiters.add(read)
        #expect(!again, "already read")
        read.promise.succeed(())
        let second = waiters.read(through: StreamID(milliseconds: 20, sequence: 0)).map(\.through)
        #expect(second == [late.through])
        let removed = waiters.remove(late)
        #expect(!removed, "released already")
        for waiter in [early, late] { waiter.promise.succeed(()) }
    }

    @Test("a waiter whose time is up is removed once; the list is bounded")
    func bounded() {
        let loop = EmbeddedEventLoop()
        var waiters = ReadWaiters()
        let waiter = Self.waiter(5, on: loop)
        let added = waiters.add(waiter)
        let removed = waiters.remove(waiter)
        let removedAgain = waiters.remove(waiter)
        #expect(added && removed && !removedAgain)
        waiter.promise.succeed(())
        var extra: [ReadWaiters.Waiter] = []
        for _ in 0..<ReadWaiters.capacity { let w = Self.waiter(9, on: loop); extra.append(w); _ = waiters.add(w) }
        let over = Self.waiter(9, on: loop)
        let overAdded = waiters.add(over)
        #expect(!overAdded, "over capacity: released at once")
        for waiter in extra + [over] { waiter.promise.succeed(()) }
    }
}
