import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import Bridge

/// docs/architecture.md#presence: a member Redis lists under this node with no connection of the
/// node behind it (a join whose script ran after the leave that undid it) is removed by the next
/// beat, with `member_removed`; held memberships stay.
@Suite("Presence: reconciling this node's members with Redis")
struct PresenceReconcileTests {
    static let ttl = TimeAmount.seconds(5)

    @Test("a stray membership is left with member_removed; held ones, joins in flight and other nodes' stay")
    func strayRemoved() async throws {
        let redis = try await LocalRedis.start()
        let store = PresenceStore(endpoint: redis.endpoint, logKey: "t:log", maxLength: 1000, node: "1", eventLoop: LocalRedis.loop)
        let other = PresenceStore(endpoint: redis.endpoint, logKey: "t:log", maxLength: 1000, node: "2", eventLoop: LocalRedis.loop)
        try await store.start(ttl: Self.ttl)
        try await other.start(ttl: Self.ttl)
        let ann = PresenceMember(userId: "1", info: "null"), bob = PresenceMember(userId: "2", info: "null")
        let cid = PresenceMember(userId: "3", info: "null")
        _ = try await store.join(socket: "1.1", channel: "presence-room", member: ann).get()
        _ = try await other.join(socket: "2.1", channel: "presence-room", member: cid).get()
        // The ghost: the join script ran in Redis, but this node does not hold the connection.
        _ = try await store.runJoin(.init(socket: "1.2", channel: "presence-room"), member: bob, excluded: nil, remember: false).get()
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        func members() async throws -> Set<String> {
            let reply = try await connection.command(["HKEYS", "t:log:presence:members:presence-room"])
            guard case .array(let items) = reply else { return [] }
            return Set(items.compactMap(\.text))
        }
        #expect(try await members() == ["1", "2", "3"])
        // While its join is unanswered, the membership is not a stray: its answer may be on the way.
        store.joining.withLockedValue { $0["1.2\npresence-room"] = 1 }
        _ = try await store.beat(ttl: Self.ttl)
        #expect(try await members() == ["1", "2", "3"])
        store.joining.withLockedValue { $0 = [:] }
        _ = try await store.beat(ttl: Self.ttl)
        #expect(try await members() == ["1", "3"], "the stray member is gone; the held one and the other node's stay")
        let log = try await connection.command(["XRANGE", "t:log", "-", "+"])
        let removals = Self.texts(in: log).filter { $0.contains("member_removed") }
        #expect(removals == [#"{"pusher_event":{"name":"pusher_internal:member_removed","channels":["presence-room"],"data":"{\"user_id\":\"2\"}"}}"#])
        _ = try await store.beat(ttl: Self.ttl)
        #expect(try await members() == ["1", "3"], "a second beat changes nothing")
        connection.close()
        await store.stop()
        await other.stop()
        await redis.stop()
    }

    /// Every bulk string in `reply`, depth first.
    static func texts(in reply: RedisReply) -> [String] {
        if case .array(let items) = reply { return items.flatMap(texts(in:)) }
        return reply.text.map { [$0] } ?? []
    }
}
