import ArgumentParser
import BenchCore
import Foundation

/// The command-line surface of `presence-storm`.
struct PresenceStormOptions: ParsableArguments {
    @Option(name: .customLong("url"), help: "Pusher WebSocket URL of a node, ws://127.0.0.1:PORT/app/KEY?protocol=7; repeat for each node (members go round-robin). Loopback only.")
    var urls: [String] = []

    @Option(help: "Members (connections, one user each) to join.")
    var members: Int = 10_000

    @Option(help: "Joins started per second (connections opened; each subscribes once established).")
    var joinRate: Double = 200

    @Option(help: "Connections opened and not yet answered (joined or refused) at most.")
    var maxInFlight: Int = 1000

    @Option(help: "The presence channel.")
    var channel: String = "presence-storm"

    @Option(help: "Pusher app key that signs the subscriptions (the bridge's PUSHER_APP_KEY).")
    var pusherKey: String = "bench-key"

    @Option(help: "Pusher app secret (default: env PUSHER_APP_SECRET).")
    var pusherSecret: String?

    @Option(help: "Event loops of the generator.")
    var threads: Int = 2

    @Option(help: "Seconds one TCP connect may take.")
    var connectTimeout: Double = 15

    @Option(help: "Seconds to wait, after the last launch, for every member to be answered.")
    var joinWait: Double = 120

    @Option(help: "Seconds to wait, after the joins, for every member to know every member.")
    var convergeWait: Double = 600

    @Option(help: "Give up converging when no member_added arrived for this many seconds.")
    var stallSeconds: Double = 30

    @Option(help: "Seconds between progress lines.")
    var progressSeconds: Double = 2

    @Option(name: .customLong("server-pid"), help: "A bridge node's process, sampled from /proc (CPU, peak RSS); repeat in --url order.")
    var serverPids: [Int32] = []

    @Option(help: "redis-server's process, sampled like the nodes.")
    var redisPid: Int32?

    @Option(help: "Name of this run in the table and JSON.")
    var label: String = "bridge-pusher"

    @Option(help: "Hard limit on the whole run, in seconds.")
    var deadline: Double = 1200

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    var secret: String { pusherSecret ?? ProcessInfo.processInfo.environment["PUSHER_APP_SECRET"] ?? "" }
    var signer: PusherAPISigner { PusherAPISigner(appID: "", key: pusherKey, secret: secret) }

    func check() throws {
        guard !urls.isEmpty else { throw ValidationError("give each node's Pusher URL with --url ws://127.0.0.1:PORT/app/\(pusherKey)?protocol=7") }
        guard (1...19_000).contains(members) else {
            throw ValidationError("--members must be 1 to 19000: one process holds them all, within its 20,000 open files")
        }
        guard joinRate > 0, maxInFlight > 0, threads > 0 else { throw ValidationError("--join-rate, --max-in-flight and --threads must be positive") }
        guard !secret.isEmpty else {
            throw ValidationError("signing presence subscriptions needs the app secret: PUSHER_APP_SECRET in the environment or --pusher-secret")
        }
        guard channel.hasPrefix("presence-") else { throw ValidationError("--channel must be a presence- channel (got \(channel))") }
    }
}
