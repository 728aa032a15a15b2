import Foundation

/// Runs async work from libFuzzer's synchronous entry point, on the calling thread.
///
/// The task prefers ``InlineExecutor``: its jobs (and, per SE-0417, those of default actors it
/// visits, such as jwt-kit's key collection) are run by the fuzzing thread itself, which waits
/// on a condition only while a job is elsewhere (a NIO loop resuming a continuation). A task on
/// the global pool with a semaphore costs two thread switches per run; this costs none.
public enum TaskWaiter {
    @discardableResult
    public static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        InlineExecutor.shared.run(work)
    }
}

/// A task executor drained by the thread that waits for the task.
final class InlineExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = InlineExecutor()

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [UnownedJob] = []

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func finish<T>(_ box: ResultBox<T>) {
        condition.lock()
        box.finished = true
        condition.broadcast()
        condition.unlock()
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        Task(executorPreference: self) {
            box.value = await work()
            self.finish(box)
        }
        while true {
            condition.lock()
            while jobs.isEmpty && !box.finished { condition.wait() }
            let ready = jobs
            jobs.removeAll(keepingCapacity: true)
            let done = box.finished && ready.isEmpty
            condition.unlock()
            if done { break }
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
        guard let value = box.value else { fatalError("task finished without a value") }
        return value
    }
}

/// Carries a task's result and completion to the waiting thread (`finished` is guarded by the
/// executor's condition, which orders the write of `value` before its read). Each wait has its own box, so a wait nested in another's task (a lazy static built with
/// `TaskWaiter.wait` on first use) does not end the outer one.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
    var finished = false
}
