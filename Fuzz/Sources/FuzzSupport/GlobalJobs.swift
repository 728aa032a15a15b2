import Foundation

/// Runs the jobs Swift Concurrency would hand its global thread pool on the fuzzing thread
/// instead, when that thread asks (``runPending()``).
///
/// The HTTP target drives the bridge on an `EmbeddedEventLoop`, which only the thread that made
/// it may touch; the bridge checks tokens in unstructured tasks (`promise.completeWithTask`)
/// that complete a promise of that loop. With this hook those tasks start nowhere else, so an
/// input runs to its very end, frees included, before `LLVMFuzzerTestOneInput` returns. It uses
/// the runtime's `swift_task_enqueueGlobal_hook`, as swift-nio's
/// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()` does.
public enum GlobalJobs {
    private typealias Hook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    private static let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private static var queue: [UnownedJob] = []

    /// Takes over the global executor; call once, from `main`, before any task starts. Stops the
    /// process if the runtime does not route a new task through the hook.
    public static func install() {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "swift_task_enqueueGlobal_hook") else {
            fatalError("GlobalJobs: swift_task_enqueueGlobal_hook not found")
        }
        let slot = symbol.assumingMemoryBound(to: UnsafeRawPointer?.self)
        guard slot.pointee == nil else { fatalError("GlobalJobs: the global executor hook is already set") }
        withUnsafeTemporaryAllocation(of: Hook.self, capacity: 1) { hook in
            hook.baseAddress!.initialize(to: { job, _ in GlobalJobs.enqueue(job) })
            hook.baseAddress!.withMemoryRebound(to: UnsafeRawPointer.self, capacity: 1) { slot.pointee = $0.pointee }
        }
        // Check that the runtime honours the hook: a fresh task must land here, not on a pool thread.
        let ran = Flag()
        Task { ran.value = true }
        guard runPending(), ran.value else { fatalError("GlobalJobs: the runtime ignored the global executor hook") }
    }

    private static func enqueue(_ job: UnownedJob) {
        lock.lock()
        queue.append(job)
        lock.unlock()
    }

    /// Runs every queued job (and those they queue) on the calling thread; false when none was queued.
    @discardableResult
    public static func runPending() -> Bool {
        var ranAny = false
        while true {
            lock.lock()
            let ready = queue
            queue.removeAll(keepingCapacity: true)
            lock.unlock()
            if ready.isEmpty { return ranAny }
            ranAny = true
            for job in ready { job.runSynchronously(on: InlineExecutor.shared.asUnownedTaskExecutor()) }
        }
    }
}

private final class Flag: @unchecked Sendable {
    var value = false
}
