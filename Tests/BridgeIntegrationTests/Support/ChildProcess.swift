import Foundation

/// One child process of the suite (a redis-server or a bridge): launched with a clean environment,
/// stderr captured to a temp file, stopped with SIGTERM then SIGKILL, never left running.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `Process` is thread-safe for the calls used here (isRunning, terminationStatus,
    // processIdentifier); everything else is immutable after `init`.
    private let process: Process
    let stderrPath: String
    let name: String

    init(name: String, executable: String, arguments: [String], environment: [String: String]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SupportError("\(name): no executable at \(executable)")
        }
        self.name = name
        stderrPath = NSTemporaryDirectory() + "itest-\(name)-\(UUID().uuidString.prefix(8)).stderr"
        guard FileManager.default.createFile(atPath: stderrPath, contents: nil) else {
            throw SupportError("\(name): cannot create \(stderrPath)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// The exit status, or nil while running. A death by signal N is reported as 128 + N.
    var exitStatus: Int32? {
        guard !process.isRunning else { return nil }
        let status = process.terminationStatus
        return process.terminationReason == .uncaughtSignal ? 128 + status : status
    }

    /// Everything the process wrote to stderr so far.
    var stderr: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
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

    /// A minimal environment: nothing of the caller's BRIDGE_* or WEBSOCKET_* leaks into a child.
    static func baseEnvironment() -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = ["LANG": "C.UTF-8"]
        for key in ["PATH", "HOME", "TMPDIR"] { environment[key] = inherited[key] }
        return environment
    }

    /// Finds an executable on PATH, like `command -v`.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
