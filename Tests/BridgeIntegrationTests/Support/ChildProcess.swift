import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// One child process of the suite (a redis-server or a bridge): spawned with a clean environment,
/// stderr captured to a temp file, stopped with SIGTERM then SIGKILL, never left running.
///
/// Spawned with `posix_spawn` and an explicitly empty signal mask: Foundation's `Process`, called
/// from a Swift concurrency thread, passes on that thread's blocked signals (SIGTERM and SIGINT
/// included), and a child that cannot see SIGTERM would make the shutdown tests meaningless.
final class ChildProcess: Sendable {
    let pid: pid_t
    let stderrPath: String
    let name: String
    private let status = NIOLockedValueBox<Int32?>(nil)

    init(name: String, executable: String, arguments: [String], environment: [String: String]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SupportError("\(name): no executable at \(executable)")
        }
        self.name = name
        stderrPath = NSTemporaryDirectory() + "itest-\(name)-\(UUID().uuidString.prefix(8)).stderr"
        pid = try Self.spawn(
            executable, arguments: [executable] + arguments,
            environment: environment.map { "\($0.key)=\($0.value)" }, stderrPath: stderrPath)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    var isRunning: Bool { exitStatus == nil }

    /// The exit status, or nil while running. A death by signal N is reported as 128 + N.
    var exitStatus: Int32? {
        status.withLockedValue { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + raw & 0x7F
                }
            }
            return status
        }
    }

    /// Everything the process wrote to stderr so far.
    var stderr: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }

    /// Waits for the process to exit; nil when it is still running after `timeout`.
    @discardableResult
    func waitForExit(timeout: Duration) async -> Int32? {
        await Eventually.value(within: timeout, every: .milliseconds(10)) { self.exitStatus }
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`. Returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(5)) async -> Int32? {
        signal(SIGTERM)
        if let status = await waitForExit(timeout: grace) { return status }
        signal(SIGKILL)
        return await waitForExit(timeout: .seconds(2))
    }
}
