import NIOConcurrencyHelpers
import NIOCore

/// What the HTTP API reads of presence channels, live from Redis.
extension PresenceStore {
    /// One presence channel's user count (members) and subscription count (connections on every node).
    struct ChannelFigures: Sendable, Equatable {
        var users: Int
        var subscriptions: Int
    }

    /// The user ids of `channel`'s members.
    func userIds(of channel: String) -> EventLoopFuture<[String]> {
        redis.send(RedisCommand(["HKEYS", base + "members:" + channel])).flatMapThrowing { reply in
            guard case .array(let items) = reply else { throw RedisError("HKEYS answered \(reply)") }
            return items.compactMap(\.text)
        }
    }

    /// `channel`'s figures.
    func figures(of channel: String) -> EventLoopFuture<ChannelFigures> {
        let users = redis.send(RedisCommand(["HLEN", base + "members:" + channel]))
        let connections = redis.send(RedisCommand(["HVALS", base + "counts:" + channel]))
        return users.and(connections).flatMapThrowing { users, connections in
            guard case .integer(let count) = users, case .array(let values) = connections else {
                throw RedisError("HLEN/HVALS answered \(users), \(connections)")
            }
            let subscriptions = values.compactMap { $0.text.flatMap { Int($0) } }.filter { $0 > 0 }.reduce(0, +)
            return ChannelFigures(users: Int(count), subscriptions: subscriptions)
        }
    }

    /// Every presence channel with members, with its figures.
    func allFigures() -> EventLoopFuture<[String: ChannelFigures]> {
        let loop = eventLoop
        return redis.send(RedisCommand(["SMEMBERS", base + "channels"])).flatMapThrowing { reply -> [String] in
            guard case .array(let items) = reply else { throw RedisError("SMEMBERS answered \(reply)") }
            return items.compactMap(\.text)
        }.flatMap { channels in
            EventLoopFuture.whenAllSucceed(channels.map { self.figures(of: $0) }, on: loop).map { figures in
                Dictionary(zip(channels, figures).filter { $0.1.users > 0 }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// The presence channels and their user counts as the heartbeat last read them (at most
    /// 1,000 channels), and how many presence channels have members in all: for `/status`.
    var lastUserCounts: (total: Int, users: [String: Int]) {
        counts.withLockedValue { $0 }
    }
}
