import NIOCore
import Testing
@testable import Bridge

/// A subscribed connection against a real redis-server: confirmations, message batches, binary
/// payloads.
@Suite("Redis pub/sub")
struct RedisPubSubTests {
    private func subscribe(_ redis: LocalRedis, sink: RecordingSink, limits: RedisLimits = RedisLimits()) async throws -> RedisConnection {
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop, limits: limits, pushes: sink)
        connection.subscribe(RedisCommand(["SUBSCRIBE", "ch"]))
        connection.subscribe(RedisCommand(["PSUBSCRIBE", "pat.*"]))
        #expect(await sink.wait { $0.contains(.confirmed(2)) })
        return connection
    }

    @Test("2,000 publications from one script arrive in order, in few batches of at most 512")
    func batches() async throws {
        let redis = try await LocalRedis.start()
        let sink = RecordingSink()
        let connection = try await subscribe(redis, sink: sink)
        let script = #"for i = 1, 2000 do redis.call('PUBLISH', KEYS[1], '{"n":' .. i .. '}') end"#
        let publisher = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        _ = try await publisher.command(["EVAL", script, "1", "ch"])
        publisher.close()
        let payloads = (1...2000).map { Array(#"{"n":\#($0)}"#.utf8) }
        #expect(await sink.wait { _ in sink.payloads.count >= payloads.count })
        #expect(sink.payloads == payloads)
        let sizes = sink.batches.map(\.count)
        #expect(sizes.allSatisfy { $0 <= 512 })
        #expect(sizes.count <= 100, "batch sizes \(sizes)")
        connection.close()
        await redis.stop()
    }

    @Test("a batch also stops at its byte bound")
    func byteBound() async throws {
        let redis = try await LocalRedis.start()
        let sink = RecordingSink()
        let connection = try await subscribe(redis, sink: sink, limits: RedisLimits(maxBatchBytes: 10_000))
        let payloads = (0..<50).map { [UInt8](repeating: UInt8($0), count: 4_000) }
        try await redis.publish(payloads, on: "ch")
        #expect(await sink.wait { _ in sink.payloads.count >= payloads.count })
        #expect(sink.payloads == payloads)
        #expect(sink.batches.allSatisfy { $0.count <= 3 })
        connection.close()
        await redis.stop()
    }

    @Test("channel, pattern and payload with NUL bytes come through as published")
    func binaryPayload() async throws {
        let redis = try await LocalRedis.start()
        let sink = RecordingSink()
        let connection = try await subscribe(redis, sink: sink)
        let payload: [UInt8] = [123, 0, 1, 0, 255, 125]
        try await redis.publish([payload], on: "ch")
        try await redis.publish([payload], on: "pat.one")
        #expect(await sink.wait { _ in sink.payloads.count >= 2 })
        #expect(sink.batches.flatMap { $0 } == [PublishedPayload(channel: "ch", bytes: payload),
                                                PublishedPayload(channel: "pat.one", pattern: "pat.*", bytes: payload)])
        connection.close()
        await redis.stop()
    }
}
