import NIOCore
import NIOPosix

/// One Redis connection owned by SwiftNIO: commands are pipelined and answered in order;
/// with a push sink it becomes a subscriber whose messages go to the sink.
final class RedisConnection: Sendable {
    let channel: any Channel
    /// Succeeds, with the reason, once the connection is over.
    let ended: EventLoopFuture<RedisError>
    private let limits: RedisLimits

    private init(channel: any Channel, ended: EventLoopFuture<RedisError>, limits: RedisLimits) {
        self.channel = channel
        self.ended = ended
        self.limits = limits
    }

    /// Connects (bounded by `limits.connectTimeout`), authenticates and selects the database.
    static func connect(to endpoint: RedisEndpoint, on eventLoop: any EventLoop, limits: RedisLimits = RedisLimits(),
                        pushes: (any RedisPushSink)? = nil) async throws(RedisError) -> RedisConnection {
        // An event loop without sockets (an embedded one, in tests and fuzzing) cannot connect:
        // an error, not the precondition failure `ClientBootstrap(group:)` would stop on.
        guard let plain = ClientBootstrap(validatingGroup: eventLoop) else {
            throw RedisError("cannot connect to \(endpoint): \(type(of: eventLoop)) has no sockets")
        }
        let bootstrap = plain
            .connectTimeout(limits.connectTimeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try RedisHandler(eventLoop: channel.eventLoop, limits: limits, pushes: pushes)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let connection: RedisConnection
        do {
            let channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
            let ended = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: RedisHandler.self).ended.futureResult
            }.get()
            connection = RedisConnection(channel: channel, ended: ended, limits: limits)
        } catch {
            throw RedisError("cannot connect to \(endpoint): \(error)")
        }
        do {
            if let password = endpoint.password {
                try await connection.expectOK(["AUTH", password], timeout: limits.connectTimeout)
            }
            if endpoint.database != 0 {
                try await connection.expectOK(["SELECT", String(endpoint.database)], timeout: limits.connectTimeout)
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends one command; its reply (an error reply too) completes the future. A reply later
    /// than `timeout` gives the whole connection up: a pipeline cannot skip one answer.
    func send(_ command: RedisCommand, timeout: TimeAmount? = nil) -> EventLoopFuture<RedisReply> {
        let reply = channel.eventLoop.makePromise(of: RedisReply.self)
        let channel = self.channel
        let deadline = channel.eventLoop.scheduleTask(in: timeout ?? limits.commandTimeout) {
            reply.fail(RedisError("no reply to \(command.name) within the timeout"))
            channel.close(promise: nil)
        }
        reply.futureResult.whenComplete { _ in deadline.cancel() }
        channel.writeAndFlush(RedisRequest(command: command, reply: reply), promise: nil)
        return reply.futureResult
    }

    /// Sends one command and waits for its reply.
    func command(_ arguments: [String], timeout: TimeAmount? = nil) async throws(RedisError) -> RedisReply {
        do {
            return try await send(RedisCommand(arguments), timeout: timeout).get()
        } catch {
            throw (error as? RedisError) ?? RedisError("\(error)")
        }
    }

    /// Sends SUBSCRIBE or PSUBSCRIBE; the confirmations arrive at the push sink.
    func subscribe(_ command: RedisCommand) {
        channel.writeAndFlush(RedisRequest(command: command, reply: nil), promise: nil)
    }

    func close() {
        channel.close(promise: nil)
    }

    private func expectOK(_ arguments: [String], timeout: TimeAmount) async throws(RedisError) {
        if case .error(let message) = try await command(arguments, timeout: timeout) {
            throw RedisError("\(arguments[0]) refused: \(message)")
        }
    }
}
