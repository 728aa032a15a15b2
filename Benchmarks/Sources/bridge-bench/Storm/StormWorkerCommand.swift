import ArgumentParser
import Foundation

/// A storm generator process started by `storm`: opens its share of the sessions, then answers the
/// coordinator's line commands on stdin with one line on stdout each:
/// `arm` → `armed`; `pub N` (no answer); `status SINCE` → `status {json}`; `delays SINCE` →
/// `delays {json}`; `verify LAST` → `verified {json}`; `close` → `closed`.
/// Exits when stdin closes, so it never outlives its parent.
struct StormWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storm-worker",
        abstract: "Internal: one storm load-generator process, driven by `storm` over stdin/stdout.",
        shouldDisplay: false
    )

    @Argument(help: "The worker configuration as JSON.")
    var configJSON: String

    @Option(help: "Hard limit on this process's lifetime, in seconds.")
    var deadline: Double = 1200

    func run() async throws {
        let config = try startWorker(StormWorkerConfig.self, json: configJSON, deadline: deadline, what: "storm-worker")
        guard let secret = ProcessInfo.processInfo.environment["BRIDGE_SECRET"], secret.utf8.count >= 32 else {
            throw ValidationError("storm-worker: BRIDGE_SECRET (at least 32 bytes) is not set")
        }
        let swarm = try StormSwarm(config: config)
        try await swarm.create(secret: secret)
        let (ok, failures) = await swarm.connectAll { connected, failed in emit("progress \(connected) \(failed)") }
        emit("ready " + json(StormReady(welcomed: ok, failures: failures)))
        await answerCommands(close: { await swarm.close() }) { parts in
            switch (parts.first, parts.count) {
            case ("arm", 1):
                await swarm.arm()
                emit("armed")
            case ("pub", 2):
                await swarm.published(Int(parts[1]) ?? -1)
            case ("status", 2):
                let since = UInt64(parts[1]) ?? 0
                emit("status " + json(await swarm.status(since: since == 0 ? nil : since)))
            case ("delays", 2):
                emit("delays " + json(await swarm.delays(since: UInt64(parts[1]) ?? 0)))
            case ("verify", 2):
                emit("verified " + json(await swarm.verify(last: Int(parts[1]) ?? 0)))
            case ("close", 1):
                return .close
            default:
                return .unknown
            }
            return .answered
        }
    }
}

/// One line of compact JSON.
func json<T: Encodable>(_ value: T) -> String {
    String(decoding: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8), as: UTF8.self)
}

/// A storm worker's answer once its sessions are up.
struct StormReady: Codable, Sendable {
    var welcomed: Int
    /// Sessions that were never welcomed, by reason.
    var failures: [String: Int]
}
