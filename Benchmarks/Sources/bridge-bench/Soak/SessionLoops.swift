import BenchCore
import NIOCore

/// The sessions of one event loop of a soak or storm; touched only on that loop.
protocol SessionLoop: AnyObject, SendableMetatype {
    associatedtype Session: ReconnectingSession, SendableMetatype
    var sessions: [Session] { get }
}

extension Array {
    /// Starts every session, `concurrency` at a time, session `s` being number `s / count` of loop
    /// `s % count`, each given `timeoutSeconds` to be welcomed; reports `progress(welcomed, failed)`
    /// at most once per `progressEveryNanos`. Returns (welcomed, failures by reason).
    func connectAll<L: SessionLoop>(total: Int, concurrency: Int, timeoutSeconds: Double, progressEveryNanos: UInt64,
                                    progress: @Sendable (Int, Int) -> Void) async -> (Int, [String: Int])
    where Element == NIOLoopBoundBox<L> {
        let loops = self
        var ok = 0
        var failures: [String: Int] = [:]
        await withTaskGroup(of: String?.self) { tasks in
            var next = 0
            func launch(_ s: Int) {
                let box = loops[s % loops.count], position = s / loops.count
                tasks.addTask {
                    do {
                        try await box.eventLoop.flatSubmit {
                            let p = box.eventLoop.makePromise(of: Void.self)
                            box.value.sessions[position].start(welcomed: p, timeoutSeconds: timeoutSeconds)
                            return p.futureResult
                        }.get()
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
            }
            while next < Swift.min(concurrency, total) { launch(next); next += 1 }
            var last = monotonicNanos()
            while let result = await tasks.next() {
                if let result { failures[result, default: 0] += 1 } else { ok += 1 }
                if next < total { launch(next); next += 1 }
                if monotonicNanos() - last > progressEveryNanos {
                    last = monotonicNanos()
                    progress(ok, failures.values.reduce(0, +))
                }
            }
        }
        return (ok, failures)
    }

    /// Runs `body` on every loop and collects the answers.
    func each<L, T: Sendable>(_ body: @escaping @Sendable (L) -> T) async -> [T] where Element == NIOLoopBoundBox<L> {
        var out: [T] = []
        for box in self {
            if let v = try? await box.eventLoop.submit({ body(box.value) }).get() { out.append(v) }
        }
        return out
    }
}
