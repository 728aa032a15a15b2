import ArgumentParser
import Foundation

/// `bridge-bench soak`: holds N sessions for M minutes under a mixed event stream, then proves
/// that memory stayed flat and that every session got exactly the events meant for it.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Hold sessions for minutes under mixed traffic; check RSS growth and per-session delivery.",
        discussion: """
        Usually run through Benchmarks/soak.sh, which starts redis-server and the bridge. By hand (loopback only):

          BRIDGE_SECRET=… bridge-bench soak --minutes 30 --sessions 10000 --url ws://127.0.0.1:P/ws --http-url http://127.0.0.1:P/broadcast --redis-url redis://127.0.0.1:R/0 --server-pid <bridge pid>

        Sessions are users with known ids and roles; every event carries data.soak_seq, and who must receive it is computed from the rules in docs/protocol.md. \
        Slow readers, reconnecting sessions (resume with last_id) and bad-frame sessions run beside steady ones. \
        Exits 1 when RSS grew more than --rss-tolerance percent from the baseline minute to the end, when any session missed an event or got one it must not see, or when sessions or events failed.
        """
    )

    @OptionGroup var options: SoakOptions

    func run() async throws {
        Watchdog.start(seconds: options.minutes * 60 + Double(options.sessions) / 50 + 1200, what: "soak")
        let result = try await SoakRunner(options: options).run()
        print(SoakReport.text(result))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let path = options.json { try encoder.encode(result).write(to: URL(fileURLWithPath: path)) }
        if let path = options.markdown { try Data(SoakReport.markdown(result).utf8).write(to: URL(fileURLWithPath: path)) }
        if !result.failures.isEmpty {
            for f in result.failures { FileHandle.standardError.write(Data("FAIL: \(f)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}

/// A line on stderr, stamped with the time.
func soakLog(_ text: String) {
    let formatter = DateFormatter()
    formatter.dateFormat = "HH:mm:ss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    FileHandle.standardError.write(Data("[\(formatter.string(from: Date()))] \(text)\n".utf8))
}
