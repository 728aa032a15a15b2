import Dispatch

/// Runs async work from libFuzzer's synchronous entry point: one task per call, the calling
/// thread blocked on a semaphore until it is done.
public enum TaskWaiter {
    @discardableResult
    public static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        guard let value = box.value else { fatalError("task finished without a value") }
        return value
    }
}

/// Carries a task's result to the thread waiting on the semaphore, which orders the write
/// before the read.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
