import CHiredis
import NIOCore

/// Speaks RESP on a NIO channel: encodes each command once, answers the bounded FIFO of reply
/// promises in order, and with a push sink (subscriber mode) hands the messages of each read
/// over as one batch. `ended` tells why the connection is over.
///
/// Event-loop bound like every channel handler.
final class RedisHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    let ended: EventLoopPromise<RedisError>
    private let parser: RedisReplyParser
    private let limits: RedisLimits
    private let pushes: (any RedisPushSink)?
    private var waiting = CircularBuffer<EventLoopPromise<RedisReply>>()
    private var batch: PushBatch
    private var failure: RedisError?

    init(eventLoop: any EventLoop, limits: RedisLimits, pushes: (any RedisPushSink)?) throws(RedisError) {
        self.parser = try RedisReplyParser(maxBufferedBytes: limits.maxBufferedBytes)
        self.ended = eventLoop.makePromise()
        self.limits = limits
        self.pushes = pushes
        self.batch = PushBatch(limits: limits)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        do {
            if let failure { throw failure }
            if request.reply != nil, waiting.count >= limits.maxPendingCommands {
                throw RedisError("more than \(limits.maxPendingCommands) Redis commands waiting for replies")
            }
            try request.command.encode(into: &buffer)
        } catch {
            request.reply?.fail(error)
            promise?.fail(error)
            return
        }
        if let reply = request.reply { waiting.append(reply) }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try parser.feed(unwrapInboundIn(data))
            while let problem = try parser.next(route) {
                if let problem { throw problem }
            }
        } catch {
            fail(context, error)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deliverBatch()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, RedisError("connection failed: \(error)"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        deliverBatch()
        let reason = failure ?? RedisError("connection closed by Redis")
        failure = reason
        while let promise = waiting.popFirst() { promise.fail(reason) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        let reason = failure ?? RedisError("connection closed")
        while let promise = waiting.popFirst() { promise.fail(reason) }
        ended.succeed(reason)
    }

    /// A reply answers the oldest waiting command; without one it is a push. Answers a reason
    /// to give up the connection, or nil.
    private func route(_ reply: redisReply) -> RedisError? {
        if let promise = waiting.popFirst() {
            promise.succeed(RedisReply(reply))
            return nil
        }
        guard let pushes else { return RedisError("a Redis reply nobody asked for: \(RedisReply(reply))") }
        switch RedisPush(reply) {
        case .message(let payload):
            if batch.append(payload) { deliverBatch() }
        case .confirmed(let subscriptions):
            pushes.confirmed(subscriptions: subscriptions)
        case .other(.error(let message)):
            return RedisError("Redis refused the subscription: \(message)")
        case .other:
            break
        }
        return nil
    }

    private func deliverBatch() {
        guard let pushes, let messages = batch.take() else { return }
        pushes.received(messages)
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        let reason = (error as? RedisError) ?? RedisError("\(error)")
        if failure == nil { failure = reason }
        while let promise = waiting.popFirst() { promise.fail(reason) }
        context.close(promise: nil)
    }
}
