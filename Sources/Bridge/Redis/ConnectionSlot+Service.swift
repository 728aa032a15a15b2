import Logging
import NIOCore
import ServiceLifecycle

/// The skeleton of a long-running Redis service: one slot for its live connection, stopped by
/// graceful shutdown or cancellation, and attempts repeated with back-off until then.
extension ConnectionSlot {
    /// Runs `body` with a new slot; graceful shutdown or cancellation stops the slot, which closes
    /// its live connection and so ends whatever `body` waits on.
    static func serve(_ body: @escaping @Sendable (ConnectionSlot) async -> Void) async {
        let slot = ConnectionSlot()
        await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await body(slot)
            } onCancel: {
                slot.stop()
            }
        }
    }

    /// Runs `attempt` until the slot stops, again after each failure: the live connection is
    /// dropped, `failed` hears the reason, every tenth failure in a row is logged as
    /// "`warning`, retrying: reason", and the next attempt waits out the back-off, which
    /// `attempt` resets once it is connected.
    func retrying(on eventLoop: any EventLoop, logger: Logger, warning: String,
                  failed: (String) -> Void, attempt: (inout Backoff) async throws -> Void) async {
        var backoff = Backoff()
        while !isStopping {
            do {
                try await attempt(&backoff)
            } catch {
                drop()
                guard !isStopping else { return }
                let reason = (error as? RedisError)?.description ?? "\(error)"
                failed(reason)
                if backoff.failures % 10 == 0 { logger.warning("\(warning), retrying: \(reason)") }
                await eventLoop.pause(for: backoff.next())
            }
        }
    }
}
