import Logging
import NIOCore
import Testing
@testable import Bridge

/// docs/architecture.md#the-shared-log: the newest status change per user is kept in Redis.
@Suite("Block store")
struct BlockStoreTests {
    static func id(_ ms: UInt64, _ n: UInt64 = 0) -> StreamID { StreamID(milliseconds: ms, sequence: n) }

    @Test("only a user's newest change counts, whatever order nodes record them in")
    func newestWins() async throws {
        let redis = try await LocalRedis.start()
        let first = BlockStore(endpoint: redis.endpoint, logKey: "t:log", eventLoop: LocalRedis.loop, logger: Logger(label: "test"))
        let lagging = BlockStore(endpoint: redis.endpoint, logKey: "t:log", eventLoop: LocalRedis.loop, logger: Logger(label: "test"))
        first.record(user: "5", at: Self.id(2_000_000), blocked: true)
        first.record(user: "5", at: Self.id(3_000_000), blocked: false)
        first.record(user: "9", at: Self.id(4_000_000, 1), blocked: true)
        var settled: [String] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while settled != ["9"], ContinuousClock.now < deadline {
            settled = (try? await first.blocks().get())?.map(\.user) ?? []
            if settled != ["9"] { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(settled == ["9"])
        lagging.record(user: "5", at: Self.id(2_000_000), blocked: true)
        lagging.record(user: "9", at: Self.id(4_000_000, 0), blocked: false)
        try await Task.sleep(for: .milliseconds(300))
        let blocks = try await lagging.blocks().get()
        #expect(blocks.map(\.user) == ["9"], "an older change recorded late changes nothing")
        #expect(blocks.first?.at == 4_000)
        first.close()
        lagging.close()
        await redis.stop()
    }

    @Test("the hash's entries are read strictly", arguments: [
        (RedisReply.array([.string(Array("5".utf8)), .string(Array("10-1 block".utf8))]), ["5"]),
        (.array([.string(Array("5".utf8)), .string(Array("10-1 active".utf8))]), []),
        (.array([.string(Array("5".utf8)), .string(Array("junk block".utf8))]), []),
        (.array([.string(Array("5".utf8))]), []),
        (.null, []),
    ])
    func parsing(reply: RedisReply, users: [String]) {
        #expect(BlockStore.blocks(in: reply).map(\.user) == users)
    }
}
