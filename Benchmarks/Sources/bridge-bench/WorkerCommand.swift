import ArgumentParser
import Foundation

/// A generator process started by `run`: opens its share of the sessions, then answers the
/// parent's line commands on stdin (`collect FROM COUNT WAIT`, `drain WAIT`, `close`) with one
/// line on stdout each. Exits when stdin closes, so it never outlives its parent.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Internal: one load-generator process, driven by `run` over stdin/stdout.",
        shouldDisplay: false
    )

    @Argument(help: "The swarm configuration as JSON.")
    var configJSON: String

    @Option(help: "Hard limit on this process's lifetime, in seconds.")
    var deadline: Double = 600

    func run() async throws {
        let config = try startWorker(SwarmConfig.self, json: configJSON, deadline: deadline, what: "worker")
        let swarm = Swarm(config: config)
        try await swarm.connect { connected, failed in emit("progress \(connected) \(failed)") }
        emit("ready " + encode(swarm.summary))
        await answerCommands(close: { await swarm.close() }) { parts in
            switch parts.first {
            case "collect" where parts.count == 4:
                let stats = await swarm.collect(from: Int(parts[1]) ?? 0, count: Int(parts[2]) ?? 0, waitSeconds: Double(parts[3]) ?? 10)
                emit("stats " + encode(stats))
            case "drain" where parts.count == 2:
                await swarm.drainSlowConsumers(waitSeconds: Double(parts[1]) ?? 2)
                emit("drained")
            case "close":
                return .close
            default:
                return .unknown
            }
            return .answered
        }
    }
}

/// Decodes a worker process's JSON configuration and starts its hard deadline.
func startWorker<Config: Decodable>(_ type: Config.Type, json: String, deadline: Double, what: String) throws -> Config {
    let config = try JSONDecoder().decode(type, from: Data(json.utf8))
    Watchdog.start(seconds: deadline, what: what)
    return config
}

/// What a worker made of one command line from its parent.
enum WorkerAnswer {
    /// Done, its answer written.
    case answered
    /// `close`: the worker closes and stops reading.
    case close
    case unknown
}

/// Reads the parent's line commands on stdin, split at spaces, and hands each to `answer`, until
/// `close` (answered `closed`) or the end of stdin; either way `close` runs once. An unknown
/// command is answered `error unknown command: …`.
func answerCommands(close: () async -> Void, _ answer: ([String]) async -> WorkerAnswer) async {
    let lines = StdinLines()
    while let line = await lines.next() {
        switch await answer(line.split(separator: " ").map(String.init)) {
        case .answered:
            continue
        case .close:
            await close()
            emit("closed")
            return
        case .unknown:
            emit("error unknown command: \(line)")
        }
    }
    await close()
}

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func encode(_ stats: SwarmStats) -> String {
    String(decoding: (try? JSONEncoder().encode(stats)) ?? Data("{}".utf8), as: UTF8.self)
}

/// Lines from stdin, read on a thread of their own (never on the cooperative pool).
final class StdinLines: Sendable {
    private let stream: AsyncStream<String>

    init() {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.stream = stream
        Thread.detachNewThread {
            while let line = readLine() { continuation.yield(line) }
            continuation.finish()
        }
    }

    func next() async -> String? {
        var it = stream.makeAsyncIterator()
        return await it.next()
    }
}

/// Ends the process after a hard time limit, whatever it is doing.
enum Watchdog {
    static func start(seconds: Double, what: String) {
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            FileHandle.standardError.write(Data("bridge-bench \(what): hard deadline of \(Int(seconds)) s reached, exiting\n".utf8))
            exit(3)
        }
    }
}
