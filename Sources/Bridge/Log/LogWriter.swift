import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Appends to the shared log over one pipelined connection of its own, opened on first use and
/// again after a failure. `/broadcast` appends with XADD; pub/sub input goes through
/// ``AppendOnceScript`` so that every node may offer it and each publication is logged once.
final class LogWriter: Sendable {
    let key: String
    private let maxLength: Int
    private let eventLoop: any EventLoop
    private let redis: LazyConnection
    private let cursors: NIOLockedValueBox<CopyCursors>
    /// Completes once Redis has told the time of this node's latest subscription.
    private let join: NIOLockedValueBox<EventLoopFuture<Void>>

    init(endpoint: RedisEndpoint, key: String, maxLength: Int, eventLoop: any EventLoop,
         limits: RedisLimits = RedisLimits(commandTimeout: .seconds(3))) {
        self.key = key
        self.maxLength = maxLength
        self.eventLoop = eventLoop
        // Known before the first append, so EVALSHA never needs the fallback that could let a
        // later batch overtake an earlier one.
        self.redis = LazyConnection(endpoint: endpoint, eventLoop: eventLoop, limits: limits) { connection in
            _ = try? await connection.command(["SCRIPT", "LOAD", AppendOnceScript.source])
        }
        self.cursors = NIOLockedValueBox(CopyCursors(listPrefix: key + ":seen:"))
        self.join = NIOLockedValueBox(eventLoop.makeFailedFuture(RedisError("not subscribed yet: no pub/sub input to offer")))
    }

    /// Appends each envelope (JSON) as one entry, in order; answers their ids.
    func append(envelopes: [[UInt8]]) -> EventLoopFuture<[String]> {
        let key = self.key
        let maxLength = String(self.maxLength)
        return redis.get().flatMap { connection in
            let replies = envelopes.map { envelope in
                connection.send(RedisCommand([Array("XADD".utf8), Array(key.utf8), Array("MAXLEN".utf8), [UInt8(ascii: "~")],
                                              Array(maxLength.utf8), [UInt8(ascii: "*")], [UInt8(ascii: "m")], envelope,
                                              [UInt8(ascii: "o")], Array("http".utf8)]))
            }
            return EventLoopFuture.whenAllSucceed(replies, on: connection.channel.eventLoop).flatMapThrowing { replies in
                try replies.map { reply in
                    guard let id = reply.text, StreamID(id) != nil else { throw RedisError("XADD \(key) answered \(reply)") }
                    return id
                }
            }
        }.flatMapErrorThrowing { error in
            self.redis.forgetIfClosed()
            throw error
        }
    }

    /// This node is about to (re)subscribe to its channels: asks Redis for the time, which bounds
    /// the entries a copy never seen before may claim (see ``CopyCursors``). Offers wait for it.
    @discardableResult
    func subscribing(marginMilliseconds margin: UInt64 = 0) -> EventLoopFuture<Void> {
        let time = redis.send(RedisCommand(["TIME"]))
        let cursors = self.cursors
        let joined = time.flatMapThrowing { reply in
            guard case .array(let parts) = reply, parts.count == 2, let seconds = parts[0].text.flatMap(UInt64.init),
                  let micros = parts[1].text.flatMap(UInt64.init) else { throw RedisError("TIME answered \(reply)") }
            let now = seconds * 1000 + micros / 1000
            cursors.withLockedValue { $0.subscribed(atMilliseconds: now > margin ? now - margin : 0) }
        }
        join.withLockedValue { $0 = joined }
        return joined
    }

    /// Offers pub/sub publications (in arrival order) for appending once across the cluster.
    func offer(_ batch: [PublicationGroup]) -> EventLoopFuture<Void> {
        guard !batch.isEmpty else { return eventLoop.makeSucceededVoidFuture() }
        let joined = join.withLockedValue { $0 }.flatMapError { _ in
            // Redis' time could not be taken before subscribing (Redis was still away, or this
            // writer's connection was): take it now, less a margin for what arrived in between.
            self.subscribing(marginMilliseconds: Self.lateJoinMargin)
        }
        let (cursors, key, maxLength) = (self.cursors, self.key, self.maxLength)
        return joined.flatMap { () -> EventLoopFuture<RedisReply> in
            let copies = batch.flatMap(\.copies)
            let claims = cursors.withLockedValue { cursors in copies.map { cursors.claim($0) } }
            var arguments: [[UInt8]] = [Array(key.utf8)] + claims.map { Array($0.list.utf8) }
            arguments += [Array(String(maxLength).utf8), Self.listLifetime, Array(String(batch.count).utf8)]
            var index = 0
            for publication in batch {
                arguments += [publication.payload, Array(String(publication.copies.count).utf8)]
                for copy in publication.copies {
                    arguments += [Array(copy.channel.utf8), Array((copy.pattern ?? "").utf8),
                                  Array(claims[index].cursor.description.utf8), Array(String(claims[index].skip).utf8)]
                    index += 1
                }
            }
            return self.runScript(keyCount: claims.count + 1, arguments: arguments).map { reply in
                let ids = Self.ids(in: reply)
                cursors.withLockedValue { cursors in
                    for (copy, id) in zip(copies, ids) { if let id { cursors.settle(copy, with: id) } }
                }
                return reply
            }
        }.map { _ in }.flatMapErrorThrowing { error in
            cursors.withLockedValue { $0.abandonInFlight() }
            throw error
        }
    }

    /// Appends one gap marker for the whole cluster (nodes reporting the same second share it).
    func markGap() -> EventLoopFuture<Void> {
        let second = Int64(Date().timeIntervalSince1970)
        let command = RedisCommand(["EVAL", AppendOnceScript.gapMarker, "2", key, "\(key):gap:\(second)", String(maxLength)])
        let key = self.key
        return redis.send(command).flatMapThrowing { reply in
            if case .error(let message) = reply { throw RedisError("marking a gap in \(key): \(message)") }
        }
    }

    /// How far back a time taken after subscribing reaches: more than a reconnect takes.
    static let lateJoinMargin: UInt64 = 2_000

    private static let listLifetime = Array(String(CopyCursors.listLifetime.nanoseconds / 1_000_000).utf8)

    /// The ids the script answered, one per copy (nil where it answered something else).
    static func ids(in reply: RedisReply) -> [StreamID?] {
        guard case .array(let items) = reply else { return [] }
        return items.map { $0.text.flatMap { StreamID($0) } }
    }

    /// Runs ``AppendOnceScript`` (by its SHA-1; by source when Redis does not know it yet).
    private func runScript(keyCount: Int, arguments: [[UInt8]]) -> EventLoopFuture<RedisReply> {
        AppendOnceScript.script.run(on: redis, keys: Array(arguments.prefix(keyCount)), arguments: Array(arguments.dropFirst(keyCount)),
                                    what: "appending to \(key)")
    }

    /// Closes the connection (shutdown).
    func close() {
        redis.close()
    }
}
