import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Appends to the shared log over one pipelined connection of its own, opened on first use and
/// again after a failure. `/broadcast` appends with XADD; pub/sub receipts go through
/// ``AppendOnceScript`` so that every node may offer them and each is logged once.
final class LogWriter: Sendable {
    private enum Link {
        case idle
        case connecting(EventLoopFuture<RedisConnection>)
        case open(RedisConnection)
    }

    let key: String
    private let maxLength: Int
    private let endpoint: RedisEndpoint
    private let eventLoop: any EventLoop
    private let limits: RedisLimits
    private let link = NIOLockedValueBox(Link.idle)
    private let receipts: NIOLockedValueBox<ReceiptKeys>

    init(endpoint: RedisEndpoint, key: String, maxLength: Int, eventLoop: any EventLoop,
         limits: RedisLimits = RedisLimits(commandTimeout: .seconds(3))) {
        self.endpoint = endpoint
        self.key = key
        self.maxLength = maxLength
        self.eventLoop = eventLoop
        self.limits = limits
        self.receipts = NIOLockedValueBox(ReceiptKeys(prefix: key))
    }

    /// Appends each envelope (JSON) as one entry, in order; answers their ids.
    func append(envelopes: [[UInt8]]) -> EventLoopFuture<[String]> {
        let key = self.key
        let maxLength = String(self.maxLength)
        return connection().flatMap { connection in
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
            self.forget()
            throw error
        }
    }

    /// Offers pub/sub publications (in arrival order) for appending once across the cluster.
    func offer(_ batch: [PublicationGroup]) -> EventLoopFuture<Void> {
        guard !batch.isEmpty else { return eventLoop.makeSucceededVoidFuture() }
        let now = NIODeadline.now()
        let seen = receipts.withLockedValue { keys in batch.flatMap { $0.copies.map { keys.key(for: $0, now: now) } } }
        var arguments: [[UInt8]] = [Array(key.utf8)] + seen.map { Array($0.utf8) }
        arguments += [Array(String(maxLength).utf8), Self.keyLifetime, Array(String(batch.count).utf8)]
        for publication in batch {
            arguments += [publication.payload, Array(String(publication.copies.count).utf8)]
            for copy in publication.copies { arguments += [Array(copy.channel.utf8), Array((copy.pattern ?? "").utf8)] }
        }
        return runScript(keyCount: seen.count + 1, arguments: arguments)
    }

    /// Appends one gap marker for the whole cluster (nodes reporting the same second share it).
    func markGap() -> EventLoopFuture<Void> {
        let seen = receipts.withLockedValue { $0.gapKey(unixSeconds: Int64(Date().timeIntervalSince1970)) }
        let arguments: [[UInt8]] = [Array(key.utf8), Array(seen.utf8), Array(String(maxLength).utf8), Self.keyLifetime,
                                    Array("1".utf8), [], Array("1".utf8), [], []]
        return runScript(keyCount: 2, arguments: arguments)
    }

    private static let keyLifetime = Array(String(ReceiptKeys.keyLifetime.nanoseconds / 1_000_000).utf8)

    /// EVALSHA, and EVAL with the source when Redis does not know the script yet (first use,
    /// restart, SCRIPT FLUSH); EVAL also makes it known for the next call.
    private func runScript(keyCount: Int, arguments: [[UInt8]]) -> EventLoopFuture<Void> {
        let tail = [Array(String(keyCount).utf8)] + arguments
        let byHash = RedisCommand([Array("EVALSHA".utf8), Array(AppendOnceScript.sha1.utf8)] + tail)
        let bySource = RedisCommand([Array("EVAL".utf8), Array(AppendOnceScript.source.utf8)] + tail)
        let key = self.key
        return connection().flatMap { connection in
            connection.send(byHash).flatMap { reply in
                guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT") else {
                    return connection.channel.eventLoop.makeSucceededFuture(reply)
                }
                return connection.send(bySource)
            }
        }.flatMapThrowing { reply in
            if case .error(let message) = reply { throw RedisError("appending to \(key): \(message)") }
        }.flatMapErrorThrowing { error in
            self.forget()
            throw error
        }
    }

    /// The open connection, or one being opened.
    private func connection() -> EventLoopFuture<RedisConnection> {
        let (future, opening): (EventLoopFuture<RedisConnection>, EventLoopPromise<RedisConnection>?) = link.withLockedValue { link in
            switch link {
            case .open(let connection) where connection.channel.isActive:
                return (eventLoop.makeSucceededFuture(connection), nil)
            case .connecting(let pending):
                return (pending, nil)
            default:
                let promise = eventLoop.makePromise(of: RedisConnection.self)
                link = .connecting(promise.futureResult)
                return (promise.futureResult, promise)
            }
        }
        if let opening {
            let endpoint = self.endpoint
            let limits = self.limits
            let eventLoop = self.eventLoop
            opening.completeWithTask {
                let connection = try await RedisConnection.connect(to: endpoint, on: eventLoop, limits: limits)
                // Known before the first append, so EVALSHA never needs the fallback that could
                // let a later batch overtake an earlier one.
                _ = try? await connection.command(["SCRIPT", "LOAD", AppendOnceScript.source])
                return connection
            }
            opening.futureResult.whenComplete { result in
                self.link.withLockedValue { link in
                    switch result {
                    case .success(let connection): link = .open(connection)
                    case .failure: link = .idle
                    }
                }
            }
        }
        return future
    }

    /// Drops the connection after a failure; the next append opens a new one.
    private func forget() {
        let stale = link.withLockedValue { link -> RedisConnection? in
            guard case .open(let connection) = link, !connection.channel.isActive else { return nil }
            link = .idle
            return connection
        }
        stale?.close()
    }

    /// Closes the connection (shutdown).
    func close() {
        let open = link.withLockedValue { link -> RedisConnection? in
            defer { link = .idle }
            if case .open(let connection) = link { return connection }
            return nil
        }
        open?.close()
    }
}
