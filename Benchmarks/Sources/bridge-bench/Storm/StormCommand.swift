import ArgumentParser
import Foundation

/// `bridge-bench storm`: the reconnect storm. Sessions spread over several bridge nodes on one
/// Redis; one node is SIGKILLed under steady traffic; its sessions resume on the survivors.
struct StormCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storm",
        abstract: "Kill one of several bridge nodes under load; measure how fast its sessions resume on the survivors and that nothing is lost.",
        discussion: """
        Usually run through Benchmarks/reconnect-storm.sh, which starts redis-server and three nodes. By hand (loopback only):

          BRIDGE_SECRET=… bridge-bench storm --url ws://127.0.0.1:P1/ws --url ws://127.0.0.1:P2/ws --url ws://127.0.0.1:P3/ws --server-pid <pid1> --server-pid <pid2> --server-pid <pid3> --redis-url redis://127.0.0.1:R/0

        Session i starts on node i % nodes. Events for everyone, each with its number in data.soak_seq, are PUBLISHed on --channel at --rate for the whole run. \
        After --settle-seconds the node at --kill-node gets SIGKILL; its sessions reconnect as the browser client does (jittered back-off, to another node) and send bridge:resume with the last id they saw. \
        Exits 1 when any session misses an event, gets bridge:resync, is not back and caught up within --wait-seconds, or when sessions failed to connect.
        """
    )

    @OptionGroup var options: StormOptions

    func run() async throws {
        let o = options
        Watchdog.start(seconds: o.connectTimeout + o.settleSeconds + o.waitSeconds + o.afterSeconds + o.drainSeconds + 600, what: "storm")
        let result = try await StormRunner(options: o).run()
        print(StormReport.text(result))
        if let path = o.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: path))
        }
        if !result.failures.isEmpty {
            for f in result.failures { FileHandle.standardError.write(Data("FAIL: \(f)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}
