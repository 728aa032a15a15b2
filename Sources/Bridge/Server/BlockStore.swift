import Foundation
import Logging
import NIOCore

/// Keeps blocks in Redis so that a node started after the blocking message left its history
/// still refuses the user: the hash `<stream>:blocks` maps a user id to the log id and kind of
/// their newest status change (`<ms>-<n> block` or `… active`). Every node records what it reads,
/// and a script keeps only the newest change, so nodes reading at different speeds agree.
final class BlockStore: Sendable {
    /// KEYS[1] the hash; ARGV: user, ms, n, kind. Replaces the entry only with a newer change.
    static let script = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current then
          local ms, n = string.match(current, '^(%d+)-(%d+)')
          if ms and (tonumber(ms) > tonumber(ARGV[2]) or (tonumber(ms) == tonumber(ARGV[2]) and tonumber(n) >= tonumber(ARGV[3]))) then
            return 0
          end
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '-' .. ARGV[3] .. ' ' .. ARGV[4])
        return 1
        """
    private static let lua = LuaScript(script)

    let key: String
    private let redis: LazyConnection
    private let logger: Logger

    init(endpoint: RedisEndpoint, logKey: String, eventLoop: any EventLoop, logger: Logger) {
        self.key = logKey + ":blocks"
        self.logger = logger
        self.redis = LazyConnection(endpoint: endpoint, eventLoop: eventLoop, limits: RedisLimits(commandTimeout: .seconds(3))) { connection in
            _ = try? await connection.command(["SCRIPT", "LOAD", BlockStore.script])
        }
    }

    /// Records a status change read from the log at `id` (fire and forget; a failure is logged).
    func record(user: String, at id: StreamID, blocked: Bool) {
        let arguments = [user, String(id.milliseconds), String(id.sequence), blocked ? "block" : "active"]
        let key = self.key
        let logger = self.logger
        Self.lua.run(on: redis, keys: [key], arguments: arguments, what: "recording a status").whenFailure { error in
            logger.warning("could not record user \(user)'s status in \(key): \(error)")
        }
    }

    /// The users whose newest change is a block, with the Unix second of the block.
    func blocks() -> EventLoopFuture<[(user: String, at: Int64)]> {
        redis.send(RedisCommand(["HGETALL", key])).map(Self.blocks(in:))
    }

    static func blocks(in reply: RedisReply) -> [(user: String, at: Int64)] {
        guard case .array(let items) = reply else { return [] }
        var blocked: [(user: String, at: Int64)] = []
        for pair in stride(from: 0, to: items.count - 1, by: 2) {
            guard let user = items[pair].text, let value = items[pair + 1].text, value.hasSuffix(" block"),
                  let id = StreamID(value.prefix { $0 != " " }) else { continue }
            blocked.append((user, Int64(id.milliseconds / 1000)))
        }
        return blocked
    }

    func close() {
        redis.close()
    }
}
