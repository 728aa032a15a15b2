import NIOConcurrencyHelpers
import NIOCore

/// The open connections of the server, so that shutdown can wait for them to close (drain)
/// instead of sleeping. Thread-safe; a connection leaves the table when its channel closes.
final class ConnectionTracker: Sendable {
    private let open = NIOLockedValueBox([ObjectIdentifier: any Channel]())

    func track(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        open.withLockedValue { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.open.withLockedValue { $0.removeValue(forKey: key) }
        }
    }

    /// Completes once every connection open now has closed, or at `deadline`, whichever is first.
    func drained(on eventLoop: any EventLoop, deadline: TimeAmount) -> EventLoopFuture<Void> {
        let closing = open.withLockedValue { Array($0.values) }.map(\.closeFuture)
        let done = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: deadline) { done.succeed() }
        EventLoopFuture.andAllComplete(closing, on: eventLoop).whenComplete { _ in
            timer.cancel()
            done.succeed()
        }
        return done.futureResult
    }
}
