import Crypto
import Foundation
import NIOCore

/// A Lua script run by its SHA-1 (EVALSHA), sent as source (EVAL) only when Redis does not know
/// it yet (first use, a Redis restart, SCRIPT FLUSH); EVAL also makes it known for the next call.
struct LuaScript: Sendable {
    let source: String
    let sha1: String

    init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Runs the script on `connection`; an error reply fails the future, naming `what`.
    func run(on connection: LazyConnection, keys: [String], arguments: [String], what: String) -> EventLoopFuture<RedisReply> {
        run(on: connection, keys: keys.map { Array($0.utf8) }, arguments: arguments.map { Array($0.utf8) }, what: what)
    }

    /// Runs the script with binary-safe keys and arguments.
    func run(on connection: LazyConnection, keys: [[UInt8]], arguments: [[UInt8]], what: String) -> EventLoopFuture<RedisReply> {
        let tail = [Array(String(keys.count).utf8)] + keys + arguments
        let byHash = RedisCommand([Array("EVALSHA".utf8), Array(sha1.utf8)] + tail)
        let bySource = RedisCommand([Array("EVAL".utf8), Array(source.utf8)] + tail)
        return connection.get().flatMap { link in
            link.send(byHash).flatMap { reply in
                guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT") else {
                    return link.channel.eventLoop.makeSucceededFuture(reply)
                }
                return link.send(bySource)
            }
        }.flatMapThrowing { reply in
            if case .error(let message) = reply { throw RedisError("\(what): \(message)") }
            return reply
        }.flatMapErrorThrowing { error in
            connection.forgetIfClosed()
            throw error
        }
    }
}
