import NIOCore
import NIOPosix

/// Sends one command to Redis over a fresh loopback connection and returns its reply.
/// A connection per command keeps it simple and immune to Redis restarts.
enum RESPClient {
    /// The Lua script Laravel's RedisBroadcaster sends: the payload in ARGV[1], channels after it.
    static let laravelBroadcastScript = "for i = 2, #ARGV do redis.call('publish', ARGV[i], ARGV[1]) end"

    /// Sends `arguments` (after `AUTH password` when given) and answers the command's reply.
    static func send(
        _ arguments: [[UInt8]], port: Int, password: String? = nil, timeout: Duration = .seconds(5)
    ) async throws -> RESPReply {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: "127.0.0.1", port: port).get()
        defer { channel.close(promise: nil) }
        let promise = channel.eventLoop.makePromise(of: [RESPReply].self)
        let limit = TimeAmount.nanoseconds(Int64(timeout.seconds * 1e9))
        var request = ByteBuffer()
        if let password { request.writeImmutableBuffer(RESPReply.command([Array("AUTH".utf8), Array(password.utf8)])) }
        request.writeImmutableBuffer(RESPReply.command(arguments))
        let expected = password == nil ? 1 : 2
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(ReplyHandler(promise: promise, expected: expected, timeout: limit))
        }.get()
        channel.writeAndFlush(request, promise: nil)
        let replies = try await promise.futureResult.get()
        for case .error(let message) in replies { throw SupportError("Redis error: \(message)") }
        guard let reply = replies.last else { throw SupportError("no Redis reply") }
        return reply
    }

    static func send(_ arguments: [String], port: Int, password: String? = nil) async throws -> RESPReply {
        try await send(arguments.map { Array($0.utf8) }, port: port, password: password)
    }

    private final class ReplyHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<[RESPReply]>
        private let expected: Int
        private let timeout: TimeAmount
        private var buffer = ByteBuffer()
        private var replies: [RESPReply] = []
        private var done = false

        init(promise: EventLoopPromise<[RESPReply]>, expected: Int, timeout: TimeAmount) {
            self.promise = promise
            self.expected = expected
            self.timeout = timeout
        }

        func handlerAdded(context: ChannelHandlerContext) {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: timeout) {
                let (handler, context) = loopBound.value
                handler.finish(.failure(SupportError("Redis reply timed out")), context: context)
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            buffer.writeBuffer(&incoming)
            do {
                while replies.count < expected, let reply = try RESPReply.parse(&buffer) { replies.append(reply) }
                if replies.count == expected { finish(.success(replies), context: context) }
            } catch {
                finish(.failure(error), context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(.failure(SupportError("Redis closed the connection before replying")), context: context)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(.failure(error), context: context)
        }

        private func finish(_ result: Result<[RESPReply], any Error>, context: ChannelHandlerContext) {
            guard !done else { return }
            done = true
            promise.completeWith(result)
            context.close(promise: nil)
        }
    }
}
