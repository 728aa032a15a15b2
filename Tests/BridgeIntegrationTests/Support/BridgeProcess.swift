import Foundation

/// The real bridge binary (`BRIDGE_BIN`, default `<package>/.build/debug/bridge`) running
/// `bridge serve` on a free port, with its stderr kept for diagnostics.
final class BridgeProcess: Sendable {
    let port: Int
    let child: ChildProcess

    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["BRIDGE_BIN"], !path.isEmpty { return path }
        return packageRoot + "/.build/debug/bridge"
    }

    /// `<package root>`, found from this file's path: Tests/BridgeIntegrationTests/Support/….
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }

    private init(port: Int, child: ChildProcess) {
        self.port = port
        self.child = child
    }

    /// Runs the binary with raw `arguments` and `environment` (added to a clean base), not waiting
    /// for anything: for start-up failures.
    static func launch(arguments: [String], environment: [String: String], port: Int = 0) throws -> BridgeProcess {
        guard FileManager.default.isExecutableFile(atPath: binaryPath) else {
            throw SupportError(
                "no bridge binary at \(binaryPath): run `swift build --product bridge` first (`swift test` does not "
                    + "build executables) or set BRIDGE_BIN to an absolute path")
        }
        let merged = ChildProcess.baseEnvironment().merging(environment) { _, new in new }
        let child = try ChildProcess(name: "bridge", executable: binaryPath, arguments: arguments, environment: merged)
        return BridgeProcess(port: port, child: child)
    }

    /// `bridge serve --port P` plus `flags`, waiting (bounded) for `/health` and, if asked, `/ready`.
    /// Tries another port when the chosen one was taken meanwhile.
    static func start(flags: [String], environment: [String: String], waitForReady: Bool) async throws -> BridgeProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try FreePort.next()
            let bridge = try launch(arguments: ["serve", "--port", "\(port)"] + flags, environment: environment, port: port)
            do {
                try await bridge.waitUntil(path: "/health", within: .seconds(20))
                if waitForReady { try await bridge.waitUntil(path: "/ready", within: .seconds(15)) }
                return bridge
            } catch {
                await bridge.stop()
                guard bridge.stderr.lowercased().contains("in use") else { throw error }
                lastError = error
            }
        }
        throw lastError ?? SupportError("the bridge did not start")
    }

    /// Polls `path` until it answers 200; fails with the bridge's stderr if it exits or never does.
    func waitUntil(path: String, within timeout: Duration) async throws {
        let ok = await Eventually.holds(within: timeout, every: .milliseconds(50)) {
            if !self.child.isRunning { return true }
            let response = try? await HTTPClient.request(port: self.port, path: path, timeout: .seconds(2))
            return response?.status == 200
        }
        if let status = child.exitStatus {
            throw SupportError("bridge exited with \(status) before \(path) answered 200; stderr:\n\(child.stderr.suffix(3000))")
        }
        guard ok else {
            throw SupportError("bridge \(path) not 200 within \(timeout.seconds) s; stderr:\n\(child.stderr.suffix(3000))")
        }
    }

    var stderr: String { child.stderr }
    var exitStatus: Int32? { child.exitStatus }

    /// SIGTERM and wait at most `grace` (then SIGKILL); answers the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(6)) async -> Int32? {
        await child.stop(grace: grace)
    }
}
