import ArgumentParser

/// Flags of `bridge-bench storm`.
struct StormOptions: ParsableArguments {
    @Option(name: .customLong("url"), help: "WebSocket URL of a bridge node (loopback); give it once per node, in the order of --server-pid.")
    var urls: [String] = []
    @Option(name: .customLong("server-pid"), help: "Pid of each node, in the order of --url: CPU and RSS are read from /proc/<pid>.")
    var serverPids: [Int32] = []
    @Option(help: "Which node to SIGKILL, by its position in --url (0-based).") var killNode: Int = 0
    @Option(help: "Sessions in all, spread evenly over the nodes (session i starts on node i % nodes).") var sessions: Int = 30_000
    @Option(help: "Generator processes (one process may hold at most ~19,000 sockets under `ulimit -n` 20000).") var workers: Int = 3
    @Option(help: "Event loops per generator process.") var threads: Int = 1
    @Option(help: "Events per second for everyone, PUBLISHed on --channel for the whole run.") var rate: Double = 2
    @Option(help: "Redis the nodes share.") var redisUrl: String = "redis://127.0.0.1:6379/0"
    @Option(help: "Channel to PUBLISH on (one of the nodes' BRIDGE_CHANNELS).") var channel: String = "ict.events"
    @Option(help: "HS256 secret for session tokens (default: env BRIDGE_SECRET).") var secret: String?
    @Option(help: "Seconds of steady publishing before the kill.") var settleSeconds: Double = 10
    @Option(help: "Longest wait, from the kill, for every session to be connected again and caught up; past it the run fails.") var waitSeconds: Double = 120
    @Option(help: "Seconds of steady publishing after every session caught up.") var afterSeconds: Double = 5
    @Option(help: "Longest wait, after the last event, for every session to hold every event.") var drainSeconds: Double = 60
    @Option(help: "Seconds a session may take to be welcomed at the start.") var connectTimeout: Double = 120
    @Option(help: "Sessions connecting at once, per generator process.") var connectConcurrency: Int = 200
    @Option(help: "Last byte of the first loopback source address (127.0.0.N); 0: let the kernel choose.") var sourceAddressBase: Int = 2
    @Option(help: "Loopback source addresses per generator process (each gives ~28,000 ephemeral ports).") var sourceAddressesPerWorker: Int = 2
    @Option(help: "Write the results as JSON here.") var json: String?
    @Option(help: "What was measured, for the report (e.g. the bridge's commit).") var label: String = "bridge"
}
