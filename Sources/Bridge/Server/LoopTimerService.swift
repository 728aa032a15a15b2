import NIOCore
import ServiceLifecycle

/// Runs `body` every `interval` on `eventLoop` from start-up until graceful shutdown: the
/// bridge's housekeeping (per-loop ticks, memory trims) as services of their own.
struct LoopTimerService: Service {
    let eventLoop: any EventLoop
    let interval: TimeAmount
    let body: @Sendable () -> Void

    func run() async throws {
        let body = self.body
        let task = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in body() }
        try? await gracefulShutdown()
        task.cancel()
    }
}
