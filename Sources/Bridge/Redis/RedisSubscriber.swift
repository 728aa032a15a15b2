import Foundation
import Logging
import NIOConcurrencyHelpers

/// Subscribes to `BRIDGE_CHANNELS` through hiredis on a thread of its own, feeds every payload
/// to the ingest path, and reconnects with back-off capped at 5 s.
public final class RedisSubscriber: Sendable {
    private struct Control {
        var stopping = false
        var fileDescriptor: Int32?
        var finished = false
    }

    static let maxBackoff = 5.0
    private let bridge: BridgeContext
    private let plan: SubscriptionPlan
    private let control = NIOLockedValueBox(Control())
    private let wakeUp = ConditionLock(value: 0)

    public init(bridge: BridgeContext) {
        self.bridge = bridge
        self.plan = SubscriptionPlan(entries: bridge.configuration.channels, prefix: bridge.configuration.redisPrefix)
    }

    public func start() {
        let thread = Thread { [self] in
            self.run()
            self.control.withLockedValue { $0.finished = true }
        }
        thread.name = "redis-subscriber"
        thread.start()
    }

    /// Unblocks the reading thread and waits (at most `timeout`) for it to finish.
    public func stop(timeout: TimeInterval = 2) {
        let descriptor = control.withLockedValue { control -> Int32? in
            control.stopping = true
            return control.fileDescriptor
        }
        if let descriptor { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
        wakeUp.lock()
        wakeUp.unlock(withValue: 1)
        let deadline = Date().addingTimeInterval(timeout)
        while !control.withLockedValue(\.finished), Date() < deadline { usleep(10_000) }
    }

    private var stopping: Bool { control.withLockedValue(\.stopping) }

    private func run() {
        var attempt = 0
        var everSubscribed = false
        var fanIn = ChannelFanIn()
        while !stopping {
            do {
                let connection = try RedisConnection(endpoint: bridge.configuration.redis)
                control.withLockedValue { $0.fileDescriptor = connection.fileDescriptor }
                try subscribe(connection)
                bridge.redisStatus.subscribed(count: plan.count, isReconnect: everSubscribed)
                bridge.logger.info("subscribed to Redis", metadata: ["redis": "\(bridge.configuration.redis)",
                                                                       "channels": "\(plan.channels + plan.patterns)"])
                if everSubscribed || attempt > 0 {
                    // Whatever was published while we could not listen is lost to this node.
                    bridge.hub.markGap()
                }
                everSubscribed = true
                attempt = 0
                try readMessages(connection, fanIn: &fanIn)
            } catch {
                control.withLockedValue { $0.fileDescriptor = nil }
                guard !stopping else { break }
                bridge.redisStatus.disconnected(because: error.description)
                if attempt == 0 || attempt % 10 == 0 {
                    bridge.logger.warning("Redis unavailable, retrying: \(error.description)")
                }
                attempt += 1
                sleepInterruptibly(min(Self.maxBackoff, 0.1 * pow(2, Double(min(attempt, 10)))))
            }
        }
        bridge.redisStatus.disconnected(because: "shutting down")
    }

    private func subscribe(_ connection: RedisConnection) throws(RedisError) {
        if !plan.channels.isEmpty { try connection.append(["SUBSCRIBE"] + plan.channels) }
        if !plan.patterns.isEmpty { try connection.append(["PSUBSCRIBE"] + plan.patterns) }
        for _ in 0..<plan.count {
            let reply = try connection.readReply()
            guard case .array(let parts) = reply, let kind = parts.first?.text, kind.hasSuffix("subscribe") else {
                throw RedisError("unexpected answer to SUBSCRIBE: \(reply)")
            }
        }
    }

    /// Most messages, and bytes, taken from hiredis' buffer in one go (one hub dispatch per batch).
    static let maxBatch = 512
    static let maxBatchBytes = 4 * 1_048_576

    private func readMessages(_ connection: RedisConnection, fanIn: inout ChannelFanIn) throws(RedisError) {
        while true {
            var batch: [PublishedPayload] = []
            var bytes = 0
            if let first = Self.payload(in: try connection.readReply()) {
                batch.append(first)
                bytes = first.bytes.count
            }
            while batch.count < Self.maxBatch, bytes < Self.maxBatchBytes, let reply = try connection.bufferedReply() {
                if let next = Self.payload(in: reply) {
                    batch.append(next)
                    bytes += next.bytes.count
                }
            }
            guard !batch.isEmpty else { continue }
            bridge.redisStatus.messageArrived()
            bridge.ingestFromRedis(batch, fanIn: &fanIn)
        }
    }

    /// The channel and payload of a `message` or `pmessage` reply.
    private static func payload(in reply: RedisReply) -> PublishedPayload? {
        guard case .array(let parts) = reply, let kind = parts.first?.text else { return nil }
        let channelIndex = kind == "pmessage" ? 2 : (kind == "message" ? 1 : -1)
        guard channelIndex > 0, parts.count > channelIndex + 1, let channel = parts[channelIndex].text,
              case .string(let bytes) = parts[channelIndex + 1] else { return nil }
        return PublishedPayload(channel: channel, pattern: kind == "pmessage" ? parts[1].text : nil, bytes: bytes)
    }

    private func sleepInterruptibly(_ seconds: Double) {
        if wakeUp.lock(whenValue: 1, timeoutSeconds: seconds) {
            wakeUp.unlock()
        }
    }
}
