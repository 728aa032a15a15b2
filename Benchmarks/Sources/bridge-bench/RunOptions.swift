import ArgumentParser
import BenchCore

enum Peer: String, ExpressibleByArgument, CaseIterable, Sendable {
    case bridge, nio, nioCoalescing = "nio-coalescing", nchan, python, uws
    /// The bridge's Pusher protocol: sessions on `/app/{key}` subscribed to one channel, events
    /// published through the signed Pusher HTTP API.
    case pusher
}

enum Scenario: String, CaseIterable, Sendable {
    case burst, oneToAll = "one-to-all", rate, idle
}

enum PublishMethod: String, ExpressibleByArgument, CaseIterable, Sendable {
    case redis, http
    /// POST to the Pusher HTTP API (`/apps/{id}/events`), signed with the app's secret.
    case pusherHTTP = "pusher-http"
}

extension Envelope: ExpressibleByArgument {}
extension Audience: ExpressibleByArgument {}

/// The command-line surface of `run`. Peer presets fill in whatever is not given explicitly.
struct RunOptions: ParsableArguments {
    @Option(help: "What is measured; sets the defaults below (bridge: token in the query, waits for bridge:welcome, Redis PUBLISH of listener envelopes on ict.events; nio/nio-coalescing/python/uws: Redis PUBLISH of ready frames on 'bench'; nchan: HTTP POST to /pub).")
    var peer: Peer = .bridge

    @Option(help: "Name of this run in the table and JSON (default: the peer).")
    var label: String?

    @Option(name: .customLong("url"), help: "WebSocket URL to open sessions on; repeat for several nodes (workers are spread over them round-robin). Loopback only. Default per peer: ws://127.0.0.1:8080/ws (bridge), ws://127.0.0.1:8090/ (nio), ws://127.0.0.1:8091/sub (nchan), ws://127.0.0.1:8092/ (python), ws://127.0.0.1:8093/ (uws), ws://127.0.0.1:8094/ (nio-coalescing).")
    var urls: [String] = []

    @Option(help: "Sessions to open in all.")
    var sessions: Int = 1000

    @Option(help: "Generator processes (each holds at most 19,000 sessions: the 20,000-file limit). Default: enough for --sessions.")
    var workers: Int?

    @Option(help: "Event loops per generator process (default: 2 with one process, else 1).")
    var threads: Int?

    @Option(help: "Last byte of the first loopback source address; each process uses its own addresses 127.0.0.N…, one per 25,000 sessions (ephemeral ports allow ≈28,000 per address). 0 = let the kernel choose (127.0.0.1).")
    var sourceAddressBase: Int = 2

    @Option(help: "Sessions per user id (the bridge allows 20 per user by default).")
    var sessionsPerUser: Int = 5

    @Option(help: "First user id; session i belongs to user base + i / sessions-per-user. Roles by user index: 10% admin+technician, 20% technician, 70% none.")
    var userBase: Int = 1000

    @Option(help: "everyone: system_notification_created for all sessions; mixed: ticket_created for staff + two users (bridge only; exercises relevance).")
    var audience: Audience = .everyone

    @Option(help: "Sessions that stop reading after their welcome (4 KiB receive buffer). They are not expected to receive anything; their close code is reported.")
    var slowConsumers: Int = 0

    @Option(help: "Put a minted JWT in ?token= (needs BRIDGE_SECRET or --secret). Default: true for the bridge.")
    var tokenInQuery: Bool?

    @Option(help: "HS256 secret for tokens (default: env BRIDGE_SECRET).")
    var secret: String?

    @Option(help: "Token lifetime in seconds.")
    var tokenTtl: Int = 3600

    @Option(help: "Wait for bridge:welcome before a session counts as connected. Default: true for the bridge.")
    var awaitWelcome: Bool?

    @Option(help: "How to publish: redis (PUBLISH) or http (POST). Default: http for nchan, else redis.")
    var publish: PublishMethod?

    @Option(help: "Redis to PUBLISH to.")
    var redisUrl: String = "redis://127.0.0.1:6379/0"

    @Option(help: "Redis channel (default: ict.events for the bridge, bench for nio/python).")
    var channel: String?

    @Option(help: "HTTP publish URL (default: http://127.0.0.1:8080/broadcast for the bridge, http://127.0.0.1:8091/pub for nchan).")
    var httpUrl: String?

    @Option(help: "Bearer token for HTTP publishing (the bridge's BRIDGE_BROADCAST_TOKEN).")
    var bearer: String?

    @Option(help: "Pusher app id for the pusher peer's HTTP API (the bridge's PUSHER_APP_ID).")
    var pusherAppId: String = "bench"

    @Option(help: "Pusher app key: sessions connect to /app/<key> (the bridge's PUSHER_APP_KEY).")
    var pusherKey: String = "bench-key"

    @Option(help: "Pusher app secret that signs HTTP API requests (default: env PUSHER_APP_SECRET).")
    var pusherSecret: String?

    @Option(help: "The channel Pusher sessions subscribe to and events are sent on.")
    var pusherChannel: String = "bench"

    @Option(help: "listener: the envelope of docs/protocol.md#ingest-envelopes (the bridge); frame: the event frame itself (peers); pusher: a Pusher HTTP API event. Default per peer.")
    var envelope: Envelope?

    @Option(help: "Size of the event frame a client receives, in bytes.")
    var payloadBytes: Int = 300

    @Option(help: "Comma list run in order on the same sessions: burst, one-to-all, rate, idle.")
    var scenario: String = "burst"

    @Option(help: "burst: messages published back to back (one flush).")
    var burstMessages: Int = 200

    @Option(help: "one-to-all: single messages published one at a time; the figure is the median time until the last recipient read it.")
    var oneToAllRepeats: Int = 5

    @Option(help: "one-to-all: pause between the single messages, in milliseconds.")
    var oneToAllGapMs: Int = 400

    @Option(help: "rate: messages per second.")
    var rate: Double = 100

    @Option(help: "rate: seconds of publishing.")
    var rateSeconds: Double = 10

    @Option(help: "idle: seconds to hold the sessions (one message checks they still receive).")
    var idleSeconds: Double = 5

    @Option(name: .customLong("server-pid"), help: "Process to sample from /proc (CPU seconds, RSS); repeat for several nodes or nginx workers.")
    var serverPids: [Int32] = []

    @Option(help: "Sessions connecting at once, per generator process.")
    var connectConcurrency: Int = 200

    @Option(help: "Seconds one session may take to connect and be welcomed.")
    var connectTimeout: Double = 15

    @Option(help: "Seconds to let the server settle after connecting, before the idle memory sample.")
    var settleSeconds: Double = 2

    @Option(help: "Seconds to wait after disconnecting before the final memory sample.")
    var afterCloseSeconds: Double = 3

    @Option(help: "Longest wait for the expected frames of one phase, in seconds.")
    var waitSeconds: Double = 30

    @Option(help: "Hard limit on the whole run, in seconds (workers too).")
    var deadline: Double = 600

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @Flag(help: "Exit non-zero when a frame was lost or a session failed (for CI smoke runs).")
    var strict = false
}
