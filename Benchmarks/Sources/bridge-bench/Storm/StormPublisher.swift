import BenchCore
import NIOCore
import NIOPosix

/// Publishes the storm's events with Redis `PUBLISH` on one pipelined connection: every node
/// subscribed to the channel offers the publication to the shared log, which appends it once.
/// Each event is a `system_notification_created` for everyone carrying its number in `soak_seq`.
final class StormPublisher: Sendable {
    private let redis: any Channel
    private let replies: NIOLoopBoundBox<SoakReplyHandler>
    private let channelName: String

    private init(redis: any Channel, replies: NIOLoopBoundBox<SoakReplyHandler>, channelName: String) {
        self.redis = redis
        self.replies = replies
        self.channelName = channelName
    }

    static func connect(redisURL: String, channel: String, group: any EventLoopGroup) async throws -> StormPublisher {
        let address = try RedisAddress(url: redisURL)
        let loop = group.next()
        let box = NIOLoopBoundBox.makeBoxSendingValue(SoakReplyHandler(http: false), eventLoop: loop)
        let redis = try await ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(box.value) } }
            .connect(host: address.host, port: address.port).get()
        if let password = address.password {
            redis.writeAndFlush(RESP.command(["AUTH", password]), promise: nil)
            _ = try await loop.submit { box.value.expect([]) }.get()
        }
        return StormPublisher(redis: redis, replies: box, channelName: channel)
    }

    static func body(seq: Int) -> String {
        #"{"type":"system_notification_created","data":{"notification":{"id":\#(seq),"title":"storm"},"soak_seq":\#(seq)}}"#
    }

    /// Writes events `seqs` (one `PUBLISH` each) and flushes.
    func publish(_ seqs: Range<Int>) async throws {
        let redis = self.redis, replies = self.replies, channelName = self.channelName
        try await redis.eventLoop.submit {
            for seq in seqs {
                replies.value.expect([UInt32(seq)])
                redis.write(RESP.command(["PUBLISH", channelName, Self.body(seq: seq)], allocator: redis.allocator), promise: nil)
            }
            redis.flush()
        }.get()
    }

    /// Events written, confirmed (PUBLISH reached at least one node), failed with reasons, unanswered.
    func tally() async -> SoakPublisher.Tally {
        let redis = self.redis, r = replies
        return (try? await redis.eventLoop.submit {
            var t = SoakPublisher.Tally()
            t.confirmed = r.value.confirmed
            t.written = r.value.written
            t.unanswered = r.value.unanswered
            t.failed = r.value.failed
            t.connectionsOpen = redis.isActive
            return t
        }.get()) ?? SoakPublisher.Tally(connectionsOpen: false)
    }

    /// Waits (bounded) until every PUBLISH was answered.
    func settle(timeoutSeconds: Double) async -> SoakPublisher.Tally {
        let deadline = monotonicNanos() + UInt64(timeoutSeconds * 1e9)
        while true {
            let t = await tally()
            if t.unanswered.isEmpty || !t.connectionsOpen || monotonicNanos() > deadline { return t }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    func close() async { try? await redis.close() }
}
