import NIOConcurrencyHelpers
import NIOCore

/// A pipelined Redis connection opened on first use and again after a failure, for services
/// that send commands now and then (the log writer, the block store). `prepare` runs on each new
/// connection before anything else is sent on it.
final class LazyConnection: Sendable {
    private enum Link {
        case idle
        case connecting(EventLoopFuture<RedisConnection>)
        case open(RedisConnection)
    }

    private let endpoint: RedisEndpoint
    let eventLoop: any EventLoop
    private let limits: RedisLimits
    private let prepare: @Sendable (RedisConnection) async -> Void
    private let link = NIOLockedValueBox(Link.idle)

    init(endpoint: RedisEndpoint, eventLoop: any EventLoop, limits: RedisLimits,
         prepare: @escaping @Sendable (RedisConnection) async -> Void = { _ in }) {
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.limits = limits
        self.prepare = prepare
    }

    /// The open connection, or the one being opened.
    func get() -> EventLoopFuture<RedisConnection> {
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
            let (endpoint, limits, eventLoop, prepare) = (self.endpoint, self.limits, self.eventLoop, self.prepare)
            opening.completeWithTask {
                let connection = try await RedisConnection.connect(to: endpoint, on: eventLoop, limits: limits)
                await prepare(connection)
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

    /// Sends one command on the connection (opening it if needed); a closed connection is
    /// forgotten so the next command opens a new one.
    func send(_ command: RedisCommand) -> EventLoopFuture<RedisReply> {
        get().flatMap { $0.send(command) }.flatMapErrorThrowing { error in
            self.forgetIfClosed()
            throw error
        }
    }

    /// After a failure: drops the connection if it is no longer usable.
    func forgetIfClosed() {
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
