import NIOCore

extension EventLoop {
    /// Waits `delay` on this loop's timer, or less when the waiting task is cancelled (shutdown):
    /// the Redis services' reconnect back-off and report interval, on the loop that owns their
    /// socket rather than a sleeping thread.
    func pause(for delay: TimeAmount) async {
        let timer = scheduleTask(in: delay) {}
        await withTaskCancellationHandler {
            _ = try? await timer.futureResult.get()
        } onCancel: {
            timer.cancel()
        }
    }
}
