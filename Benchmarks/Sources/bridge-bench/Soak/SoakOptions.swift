import ArgumentParser

/// Flags of `bridge-bench soak`.
struct SoakOptions: ParsableArguments {
    @Option(help: "Minutes of mixed traffic (after connecting and the warm-up).") var minutes: Double = 30
    @Option(help: "Sessions held for the whole run (two per user; 2 % admins, 8 % technicians, 6 % managers).") var sessions: Int = 10_000
    @Option(help: "Events per second in all, half through Redis PUBLISH, half through POST /broadcast.") var rate: Double = 200
    @Option(help: "WebSocket URL of the bridge (loopback).") var url: String = "ws://127.0.0.1:8080/ws"
    @Option(help: "Redis the bridge subscribes to.") var redisUrl: String = "redis://127.0.0.1:6379/0"
    @Option(help: "Channel to PUBLISH on.") var channel: String = "ict.events"
    @Option(help: "The bridge's POST /broadcast URL.") var httpUrl: String = "http://127.0.0.1:8080/broadcast"
    @Option(help: "Bearer token for /broadcast (default: env BRIDGE_BROADCAST_TOKEN; unset: loopback).") var broadcastToken: String?
    @Option(help: "HS256 secret for session tokens (default: env BRIDGE_SECRET).") var secret: String?
    @Option(name: .customLong("server-pid"), help: "The bridge's pid: RSS and CPU are read from /proc/<pid>.") var serverPid: Int32?
    @Option(help: "Event loops of the generator.") var threads: Int = 2
    @Option(help: "Last byte of the first loopback source address (127.0.0.N); 0: let the kernel choose.") var sourceAddressBase: Int = 2
    @Option(help: "Loopback source addresses to spread the sessions over.") var sourceAddresses: Int = 4
    @Option(help: "Sessions connecting at once.") var connectConcurrency: Int = 200
    @Option(help: "Seconds a session may take to be welcomed at the start.") var connectTimeout: Double = 60
    @Option(help: "Longest stop of a slow reader, in seconds (its backlog must stay under the 1 MiB queue bound).") var maxPause: Double = 60
    @Option(help: "Minute whose RSS is the baseline of the memory check (default 5; half the run when it is shorter than 10 minutes).") var baselineMinute: Int?
    @Option(help: "Largest RSS growth allowed from the baseline minute to the end, in percent.") var rssTolerance: Double = 5
    @Option(help: "Longest wait, after the last event, for every session to receive the closing sentinel.") var drainSeconds: Double = 120
    @Option(help: "Seed of the event mix.") var seed: UInt64 = 1
    @Option(help: "Write the results as JSON here.") var json: String?
    @Option(help: "Write the results as a Markdown section here.") var markdown: String?
    @Option(help: "What was measured, for the report (e.g. the bridge's commit).") var label: String = "bridge"
}
