import Atomics
import NIOCore

/// How many connections of the server are open, so that shutdown can wait for them to close
/// (drain) instead of sleeping. A count rather than a table: nothing per connection but the
/// close callback, and no lock on the accept path.
final class ConnectionTracker: Sendable {
    private let open = ManagedAtomic<Int>(0)

    func track(_ channel: any Channel) {
        open.wrappingIncrement(ordering: .relaxed)
        channel.closeFuture.whenComplete { [open] _ in open.wrappingDecrement(ordering: .relaxed) }
    }

    /// Completes once no connection is open (the listener is closed first, so none opens after),
    /// or at `deadline`, whichever is first. Checked every 20 ms.
    func drained(on eventLoop: any EventLoop, deadline: TimeAmount) -> EventLoopFuture<Void> {
        let end = NIODeadline.now() + deadline
        let done = eventLoop.makePromise(of: Void.self)
        let open = self.open
        eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
            guard open.load(ordering: .relaxed) == 0 || NIODeadline.now() >= end else { return }
            task.cancel()
            done.succeed()
        }
        return done.futureResult
    }
}
