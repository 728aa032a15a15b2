import ArgumentParser
import BenchCore
import Foundation
import NIOPosix

/// Opens the sessions (in worker processes), runs the scenarios, samples the server, reports.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open N sessions against a bridge or a peer, publish, and measure delivery.",
        discussion: """
        Examples (loopback only):

          BRIDGE_SECRET=… bridge-bench run --sessions 10000 --scenario one-to-all,burst --server-pid $(pidof bridge)

          bridge-bench run --peer nchan --sessions 10000 --scenario burst --server-pid <nginx worker pid>

          bridge-bench run --sessions 100000 --workers 6 --url ws://127.0.0.1:9001/ws --url … --scenario idle

          bridge-bench run --sessions 1000 --scenario rate --rate 100 --rate-seconds 10 --slow-consumers 1

          PUSHER_APP_SECRET=… bridge-bench run --peer pusher --pusher-app-id <id> --pusher-key <key> --sessions 10000

        Latency is publish → read, from the CLOCK_MONOTONIC stamp data.sent_ns in every payload. \
        frames/s is frames read / (last read − first publish). 'to-all' is the time until the last \
        expected recipient read a message. Server CPU and RSS come from /proc/<pid> of every --server-pid. \
        Every wait is bounded (--connect-timeout, --wait-seconds, --deadline).
        """
    )

    @OptionGroup var options: RunOptions

    func run() async throws {
        let plan = try Plan(options)
        Watchdog.start(seconds: options.deadline, what: "run")
        let result = try await Runner(plan: plan).execute()
        Report.printTable(result)
        if let path = options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: path))
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        }
        if options.strict, let problem = result.problems.first {
            FileHandle.standardError.write(Data("FAIL: \(problem)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Options resolved against the peer presets.
struct Plan {
    let options: RunOptions
    let label: String
    let scenarios: [Scenario]
    let urls: [String]
    let workers: Int
    let threads: Int
    let tokenInQuery: Bool
    let awaitWelcome: Bool
    let publish: PublishMethod
    let channel: String
    let httpURL: String
    let envelope: Envelope
    let capacity: Int
    let pusherSigner: PusherAPISigner

    init(_ o: RunOptions) throws {
        options = o
        label = o.label ?? o.peer.rawValue
        scenarios = try o.scenario.split(separator: ",").map {
            guard let s = Scenario(rawValue: $0.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("unknown scenario '\($0)'; use burst, one-to-all, rate, idle")
            }
            return s
        }
        let defaultPort = [Peer.bridge: 8080, .nio: 8090, .nchan: 8091, .python: 8092, .uws: 8093, .nioCoalescing: 8094, .pusher: 8080][o.peer] ?? 8080
        let defaultPath = switch o.peer {
        case .bridge: "/ws"
        case .nchan: "/sub"
        case .pusher: "/app/\(o.pusherKey)?protocol=7"
        default: "/"
        }
        urls = o.urls.isEmpty ? ["ws://127.0.0.1:\(defaultPort)" + defaultPath] : o.urls
        workers = o.workers ?? max(1, (o.sessions + 18_999) / 19_000)
        guard o.sessions / workers <= 19_500 else {
            throw ValidationError("\(o.sessions) sessions over \(workers) processes exceeds the 20,000 open files of one process; use more --workers")
        }
        threads = o.threads ?? (workers == 1 ? 2 : 1)
        tokenInQuery = o.tokenInQuery ?? (o.peer == .bridge)
        awaitWelcome = o.awaitWelcome ?? (o.peer == .bridge || o.peer == .pusher)
        publish = o.publish ?? (o.peer == .nchan ? .http : o.peer == .pusher ? .pusherHTTP : .redis)
        channel = o.channel ?? (o.peer == .bridge ? "ict.events" : "bench")
        httpURL = o.httpUrl ?? (o.peer == .nchan ? "http://127.0.0.1:8091/pub"
            : o.peer == .pusher ? "http://127.0.0.1:\(defaultPort)/apps/\(o.pusherAppId)/events"
            : "http://127.0.0.1:\(defaultPort)/broadcast")
        envelope = o.envelope ?? (o.peer == .bridge ? .listener : o.peer == .pusher ? .pusher : .frame)
        pusherSigner = PusherAPISigner(appID: o.pusherAppId, key: o.pusherKey,
                                       secret: o.pusherSecret ?? ProcessInfo.processInfo.environment["PUSHER_APP_SECRET"] ?? "")
        if publish == .pusherHTTP, o.pusherSecret == nil, ProcessInfo.processInfo.environment["PUSHER_APP_SECRET"] == nil {
            throw ValidationError("publishing through the Pusher HTTP API needs the app secret: PUSHER_APP_SECRET in the environment or --pusher-secret")
        }
        if o.peer == .pusher, o.audience != .everyone {
            throw ValidationError("--audience mixed needs /ws sessions; Pusher sessions all take the channel's events")
        }
        var messages = 0
        for s in scenarios {
            switch s {
            case .burst: messages += o.burstMessages
            case .oneToAll: messages += o.oneToAllRepeats
            case .rate: messages += Int((o.rate * o.rateSeconds).rounded(.up))
            case .idle: messages += 1
            }
        }
        capacity = messages
        if tokenInQuery, o.secret == nil, ProcessInfo.processInfo.environment["BRIDGE_SECRET"] == nil {
            throw ValidationError("minting tokens needs BRIDGE_SECRET (≥ 32 bytes) in the environment or --secret")
        }
    }

    /// Session share, URL and source addresses of worker `w`.
    func swarmConfig(worker w: Int) -> SwarmConfig {
        let base = options.sessions / workers
        let extra = w < options.sessions % workers ? 1 : 0
        let offset = w * base + min(w, options.sessions % workers)
        let count = base + extra
        let perAddress = 25_000
        let addressesPerWorker = max(1, (count + perAddress - 1) / perAddress)
        let sources = options.sourceAddressBase <= 0 ? [] : (0..<addressesPerWorker).map {
            "127.0.0.\(options.sourceAddressBase + w * addressesPerWorker + $0)"
        }
        return SwarmConfig(
            url: urls[w % urls.count], sessions: count, sessionOffset: offset, sourceAddresses: sources,
            threads: threads, tokenInQuery: tokenInQuery, awaitWelcome: awaitWelcome,
            pusherChannel: options.peer == .pusher ? options.pusherChannel : nil,
            slowConsumers: w == 0 ? options.slowConsumers : 0, audience: options.audience.rawValue,
            sessionsPerUser: options.sessionsPerUser, userBase: options.userBase, capacity: capacity,
            connectConcurrency: options.connectConcurrency, connectTimeoutSeconds: options.connectTimeout,
            tokenTTLSeconds: options.tokenTtl
        )
    }

    var builder: PayloadBuilder {
        PayloadBuilder(envelope: envelope, audience: options.audience,
                       population: Population(sessionsPerUser: options.sessionsPerUser, userBase: options.userBase),
                       targetBytes: options.payloadBytes, pusherChannel: options.pusherChannel)
    }
}
