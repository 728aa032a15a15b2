import Foundation

/// The parent's handle on one generator process (this executable, `worker` subcommand).
final class WorkerProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are only touched by the parent's single driving task;
    // incoming lines cross threads through the AsyncStream.
    let index: Int
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lines: AsyncStream<String>
    private var iterator: AsyncStream<String>.Iterator

    convenience init(index: Int, config: SwarmConfig, deadline: Double, environment: [String: String]) throws {
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        try self.init(index: index, arguments: ["worker", json, "--deadline", String(deadline)], environment: environment)
    }

    /// Starts this executable with `arguments` (a hidden subcommand and its flags).
    init(index: Int, arguments: [String], environment: [String: String]) throws {
        self.index = index
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        let (stream, continuation) = AsyncStream<String>.makeStream()
        lines = stream
        iterator = stream.makeAsyncIterator()
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: 0x0A) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<nl], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...nl)
                }
            }
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Next line from the worker; nil when it exited.
    func nextLine() async -> String? { await iterator.next() }

    func send(_ command: String) {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
    }

    /// Waits for a line starting with `prefix`, handing `progress` lines to `onProgress`.
    func await(_ prefix: String, onProgress: (String) -> Void = { _ in }) async throws -> String {
        while let line = await nextLine() {
            if line.hasPrefix(prefix + " ") || line == prefix { return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("progress ") { onProgress(line); continue }
            FileHandle.standardError.write(Data("worker \(index): \(line)\n".utf8))
        }
        throw BenchError("worker \(index) exited (status \(process.isRunning ? -1 : process.terminationStatus)) before answering '\(prefix)'")
    }

    func stats(after prefix: String) async throws -> SwarmStats {
        let json = try await self.await(prefix)
        return try JSONDecoder().decode(SwarmStats.self, from: Data(json.utf8))
    }

    func terminate() {
        if process.isRunning { process.terminate() }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
