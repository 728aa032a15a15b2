import BenchCore
import NIOCore
import NIOPosix

/// Publishes the soak's envelopes over two pipelined connections: Redis `PUBLISH ict.events` and
/// `POST /broadcast` (with the broadcast token when one is set), and keeps what was confirmed.
final class SoakPublisher: Sendable {
    private let redis: any Channel
    private let http: any Channel
    private let redisReplies: NIOLoopBoundBox<SoakReplyHandler>
    private let httpReplies: NIOLoopBoundBox<SoakReplyHandler>
    private let channelName: String
    private let httpHead: String

    private init(redis: any Channel, http: any Channel, redisReplies: NIOLoopBoundBox<SoakReplyHandler>,
                 httpReplies: NIOLoopBoundBox<SoakReplyHandler>, channelName: String, httpHead: String) {
        self.redis = redis
        self.http = http
        self.redisReplies = redisReplies
        self.httpReplies = httpReplies
        self.channelName = channelName
        self.httpHead = httpHead
    }

    static func connect(redisURL: String, channel: String, httpURL: String, bearer: String?, group: any EventLoopGroup) async throws -> SoakPublisher {
        let redisAddress = try RedisAddress(url: redisURL)
        let target = try HTTPTarget(httpURL)
        let loop = group.next()
        let redisBox = NIOLoopBoundBox.makeBoxSendingValue(SoakReplyHandler(http: false), eventLoop: loop)
        let httpBox = NIOLoopBoundBox.makeBoxSendingValue(SoakReplyHandler(http: true), eventLoop: loop)
        func open(_ host: String, _ port: Int, _ box: NIOLoopBoundBox<SoakReplyHandler>) async throws -> any Channel {
            try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(box.value) } }
                .connect(host: host, port: port).get()
        }
        let redis = try await open(redisAddress.host, redisAddress.port, redisBox)
        if let password = redisAddress.password {
            redis.writeAndFlush(RESP.command(["AUTH", password]), promise: nil)
            _ = try await loop.submit { redisBox.value.expect([]) }.get()
        }
        let http = try await open(target.host, target.port, httpBox)
        var head = "POST \(target.path) HTTP/1.1\r\nHost: \(target.host):\(target.port)\r\nContent-Type: application/json\r\n"
        if let bearer, !bearer.isEmpty { head += "Authorization: Bearer \(bearer)\r\n" }
        return SoakPublisher(redis: redis, http: http, redisReplies: redisBox, httpReplies: httpBox, channelName: channel, httpHead: head)
    }

    /// Writes one tick's envelopes: Redis ones one `PUBLISH` each, HTTP ones one request each or,
    /// when `batchHTTP`, one `{"messages":[…]}` request for all of them.
    func publish(_ made: [SoakEventFactory.Made], batchHTTP: Bool) async throws {
        let channelName = self.channelName, httpHead = self.httpHead
        let redis = self.redis, http = self.http, redisReplies = self.redisReplies, httpReplies = self.httpReplies
        try await redis.eventLoop.submit {
            var httpItems: [SoakEventFactory.Made] = []
            for m in made {
                switch m.event.path {
                case .redisListener, .redisLaravel:
                    redisReplies.value.expect([m.event.seq])
                    redis.write(RESP.command(["PUBLISH", channelName, m.body], allocator: redis.allocator), promise: nil)
                case .http, .httpBatch:
                    httpItems.append(m)
                }
            }
            redis.flush()
            let requests: [(String, [UInt32])] = batchHTTP && httpItems.count > 1
                ? [("{\"messages\":[" + httpItems.map(\.body).joined(separator: ",") + "]}", httpItems.map(\.event.seq))]
                : httpItems.map { ($0.body, [$0.event.seq]) }
            for (body, seqs) in requests {
                httpReplies.value.expect(seqs)
                var out = http.allocator.buffer(capacity: body.utf8.count + httpHead.utf8.count + 32)
                out.writeString(httpHead)
                out.writeString("Content-Length: \(body.utf8.count)\r\n\r\n")
                out.writeString(body)
                http.write(out, promise: nil)
            }
            http.flush()
        }.get()
    }

    /// What the two connections confirmed so far.
    struct Tally: Sendable {
        var written = 0
        var confirmed = 0
        var unanswered: [UInt32] = []
        var failed: [UInt32: String] = [:]
        var httpRequests = 0
        var connectionsOpen = true
    }

    func tally() async -> Tally {
        let redis = self.redis, http = self.http, r = redisReplies, h = httpReplies
        return (try? await redis.eventLoop.submit {
            var t = Tally()
            t.confirmed = r.value.confirmed + h.value.confirmed
            t.written = r.value.written + h.value.written
            t.unanswered = r.value.unanswered + h.value.unanswered
            t.failed = r.value.failed.merging(h.value.failed) { a, _ in a }
            t.httpRequests = h.value.requests
            t.connectionsOpen = redis.isActive && http.isActive
            return t
        }.get()) ?? Tally(connectionsOpen: false)
    }

    /// Waits (bounded) until every request was answered.
    func settle(timeoutSeconds: Double) async -> Tally {
        let deadline = monotonicNanos() + UInt64(timeoutSeconds * 1e9)
        while true {
            let t = await tally()
            if t.unanswered.isEmpty || !t.connectionsOpen || monotonicNanos() > deadline { return t }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    func close() async {
        try? await redis.close()
        try? await http.close()
    }
}

/// `http://host:port/path` on loopback.
struct HTTPTarget: Sendable {
    let host: String
    let port: Int
    let path: String

    init(_ text: String) throws {
        guard text.hasPrefix("http://") else { throw BenchError("only http:// URLs are supported: \(text)") }
        let rest = text.dropFirst(7)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let parts = rest[..<slash].split(separator: ":")
        host = String(parts.first ?? "127.0.0.1")
        port = parts.count > 1 ? Int(parts[1]) ?? 80 : 80
        path = slash == rest.endIndex ? "/" : String(rest[slash...])
        guard host.hasPrefix("127.") || host == "localhost" else { throw BenchError("refusing a non-loopback target \(host)") }
    }
}
