import Logging
import NIOCore
import Testing
@testable import Bridge

/// The log writer and reader against a real redis-server (docs/architecture.md#the-shared-log).
@Suite("Log writer and reader")
struct LogServicesTests {
    static let key = "test:bridge:events"

    static func reader(_ redis: LocalRedis, sink: RecordingLogSink, capacity: Int = 100) -> LogReader {
        LogReader(endpoint: redis.endpoint, key: key, capacity: capacity, byteCapacity: 1 << 20, eventLoop: LocalRedis.loop,
                  sink: sink, logger: Logger(label: "test"))
    }

    /// A writer whose node has subscribed (Redis' time taken) before anything is published.
    static func writer(_ redis: LocalRedis) async throws -> LogWriter {
        let writer = LogWriter(endpoint: redis.endpoint, key: key, maxLength: 1000, eventLoop: LocalRedis.loop)
        try await writer.subscribing().get()
        return writer
    }

    static func writers(_ count: Int, _ redis: LocalRedis) async throws -> [LogWriter] {
        var writers: [LogWriter] = []
        for _ in 0..<count { writers.append(try await writer(redis)) }
        return writers
    }

    static func publication(_ text: String, channels: [String] = ["ict.events"]) -> PublicationGroup {
        PublicationGroup(payload: Array(text.utf8), copies: channels.map { PublishedPayload(channel: $0, bytes: Array(text.utf8)) })
    }

    static func length(_ redis: LocalRedis) async throws -> RedisReply {
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        defer { connection.close() }
        return try await connection.command(["XLEN", key])
    }

    @Test("three nodes offering the same publications append each once, a repeat included, in order")
    func appendOnce() async throws {
        let redis = try await LocalRedis.start()
        let writers = try await Self.writers(3, redis)
        let batch = ["a", "b", "a"].map { Self.publication($0) }
        for writer in writers { try await writer.offer(batch).get() }
        try await writers[1].offer([Self.publication("c", channels: ["x", "y"])]).get()
        try await writers[0].offer([Self.publication("d", channels: ["x", "y"])]).get()
        try await writers[1].offer([Self.publication("d", channels: ["x"]), Self.publication("d", channels: ["y"])]).get()
        try await writers[2].offer([Self.publication("d", channels: ["y"]), Self.publication("d", channels: ["x"])]).get()
        #expect(try await Self.length(redis) == .integer(5), "a, b, a, c and d once, however each node grouped d's copies")
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        let entries = LogEntry.entries(ofRange: try await connection.command(["XRANGE", Self.key, "-", "+"]))
        #expect(entries.map { String(decoding: $0.payload ?? [], as: UTF8.self) } == ["a", "b", "a", "c", "d"])
        // A writer that subscribes later claims nothing from before it: its "a" is a new publication.
        let late = try await Self.writer(redis)
        try await late.offer([Self.publication("a")]).get()
        try await writers[0].offer([Self.publication("a")]).get()
        #expect(try await Self.length(redis) == .integer(6), "a third a, offered by a late node and an old one, logged once")
        #expect(entries[3].copies.map(\.channel) == ["x", "y"])
        #expect(entries[4].copies.map(\.channel) == ["x", "y"])
        connection.close()
        writers.forEach { $0.close() }
        late.close()
        await redis.stop()
    }

    @Test("offers pipelined before their answers claim in order: two quick repeats from three nodes are two entries")
    func pipelinedRepeats() async throws {
        let redis = try await LocalRedis.start()
        let writers = try await Self.writers(3, redis)
        for writer in writers {
            let both = [writer.offer([Self.publication("r")]), writer.offer([Self.publication("r")])]
            for offer in both { try await offer.get() }
        }
        #expect(try await Self.length(redis) == .integer(2))
        writers.forEach { $0.close() }
        await redis.stop()
    }

    @Test("/broadcast appends answer growing ids, marked as HTTP; a gap marker is one entry however many nodes report it")
    func appendAndGap() async throws {
        let redis = try await LocalRedis.start()
        let writer = try await Self.writer(redis), other = try await Self.writer(redis)
        let ids = try await writer.append(envelopes: [Array("{}".utf8), Array("[]".utf8)]).get().compactMap(StreamID.init)
        #expect(ids.count == 2 && ids[0] < ids[1])
        try await writer.markGap().get()
        try await other.markGap().get()
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        let entries = LogEntry.entries(ofRange: try await connection.command(["XRANGE", Self.key, "-", "+"]))
        #expect(entries.map(\.cameOverHTTP) == [true, true, false] || entries.map(\.cameOverHTTP) == [true, true, false, false])
        #expect(entries.filter(\.isGap).count >= 1 && entries.filter(\.isGap).count <= 2, "one per second at most: \(entries)")
        connection.close()
        writer.close()
        other.close()
        await redis.stop()
    }

    @Test("with Redis gone an append fails with a clear error, and works again once Redis is back")
    func appendFailsThenRecovers() async throws {
        let redis = try await LocalRedis.start()
        let writer = try await Self.writer(redis)
        _ = try await writer.append(envelopes: [Array("{}".utf8)]).get()
        await redis.stop()
        await #expect(throws: RedisError.self) { try await writer.append(envelopes: [Array("{}".utf8)]).get() }
        try await redis.start()
        let ids = try await writer.append(envelopes: [Array("{}".utf8)]).get()
        #expect(ids.count == 1)
        writer.close()
        await redis.stop()
    }

    @Test("a subscription whose time could not be taken (Redis still away) still lets offers through once Redis is back")
    func offersAfterFailedJoin() async throws {
        let redis = try await LocalRedis.start()
        let writer = try await Self.writer(redis)
        await redis.stop()
        _ = try? await writer.subscribing().get()
        try await redis.start()
        try await writer.offer([Self.publication("after the outage")]).get()
        #expect(try await Self.length(redis) == .integer(1))
        writer.close()
        await redis.stop()
    }

    @Test("the reader preloads the newest entries with the one before them as floor, then follows new ones")
    func preloadAndFollow() async throws {
        let redis = try await LocalRedis.start()
        let writer = try await Self.writer(redis)
        let before = try await writer.append(envelopes: (0..<5).map { Array("{\"n\":\($0)}".utf8) }).get().compactMap(StreamID.init)
        let sink = RecordingLogSink()
        let running = Task { await Self.reader(redis, sink: sink, capacity: 3).run() }
        #expect(await sink.wait { $0.contains(.preloaded(Array(before.suffix(3)), floor: before[1])) }, "\(sink.events)")
        let after = try await writer.append(envelopes: [Array("{}".utf8)]).get().compactMap(StreamID.init)
        #expect(await sink.wait { _ in sink.ids == Array(before.suffix(3)) + after }, "\(sink.events)")
        running.cancel()
        await running.value
        writer.close()
        await redis.stop()
    }

    @Test("after Redis restarts empty, the reader says continuity was lost and reads the new log")
    func lostContinuity() async throws {
        let redis = try await LocalRedis.start()
        let writer = try await Self.writer(redis)
        _ = try await writer.append(envelopes: [Array("{}".utf8)]).get()
        let sink = RecordingLogSink()
        let running = Task { await Self.reader(redis, sink: sink).run() }
        #expect(await sink.wait { $0.contains(.connected(true)) })
        await redis.stop()
        #expect(await sink.wait { $0.contains(.connected(false)) })
        try await redis.start()
        #expect(await sink.wait(within: .seconds(15)) { $0.contains(.lostContinuity) }, "\(sink.events)")
        // A writer of its own: the first writer may not have seen its connection close yet, and
        // its first append would then fail (the writer's own outage behaviour is tested above).
        let freshWriter = try await Self.writer(redis)
        let fresh = try await freshWriter.append(envelopes: [Array("{}".utf8)]).get().compactMap(StreamID.init)
        #expect(await sink.wait { _ in sink.ids.last == fresh.last }, "\(sink.events)")
        running.cancel()
        await running.value
        writer.close()
        freshWriter.close()
        await redis.stop()
    }
}
