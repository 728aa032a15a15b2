import NIOCore
import NIOEmbedded
import Testing
@testable import Bridge

/// The channel handler without a server: replies answer promises in order, pushes of one read
/// go out as one bounded batch, the promise FIFO is bounded.
@Suite("Redis channel handler")
struct RedisHandlerTests {
    private func channel(_ limits: RedisLimits = RedisLimits(), pushes: (any RedisPushSink)? = nil) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RedisHandler(eventLoop: channel.eventLoop, limits: limits, pushes: pushes))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        return channel
    }

    private func request(_ channel: EmbeddedChannel, _ arguments: [String]) -> EventLoopFuture<RedisReply> {
        let reply = channel.eventLoop.makePromise(of: RedisReply.self)
        channel.writeAndFlush(RedisRequest(command: RedisCommand(arguments), reply: reply), promise: nil)
        return reply.futureResult
    }

    @Test("pipelined replies answer their commands in order")
    func inOrder() throws {
        let channel = try channel()
        let first = request(channel, ["INCR", "a"])
        let second = request(channel, ["GET", "b"])
        try channel.writeInbound(ByteBuffer(bytes: Array(":1\r\n$1\r\n".utf8)))
        #expect(try first.wait() == .integer(1))
        try channel.writeInbound(ByteBuffer(bytes: Array("x\r\n".utf8)))
        #expect(try second.wait() == .string(Array("x".utf8)))
        _ = try channel.finish()
    }

    @Test("messages split across reads of one pass reach the sink as one batch")
    func oneBatchPerPass() throws {
        let sink = RecordingSink()
        let channel = try channel(pushes: sink)
        let bytes = RESPBytes.message([97, 0, 98]) + RESPBytes.message(Array("c".utf8))
        for chunk in [bytes[0..<7], bytes[7..<20], bytes[20...]] {
            channel.pipeline.fireChannelRead(ByteBuffer(bytes: Array(chunk)))
        }
        #expect(sink.batches.isEmpty)
        channel.pipeline.fireChannelReadComplete()
        #expect(sink.batches.map { $0.map(\.bytes) } == [[[97, 0, 98], Array("c".utf8)]])
        _ = try channel.finish()
    }

    @Test("a pass with more messages than the bound gives bounded batches, in order")
    func boundedBatches() throws {
        let sink = RecordingSink()
        let channel = try channel(RedisLimits(maxBatch: 2), pushes: sink)
        let payloads = (0..<5).map { Array("m\($0)".utf8) }
        try channel.writeInbound(ByteBuffer(bytes: payloads.flatMap { RESPBytes.message($0) }))
        #expect(sink.batches.map(\.count) == [2, 2, 1])
        #expect(sink.payloads == payloads)
        _ = try channel.finish()
    }

    @Test("a command over the bound of waiting commands fails at once")
    func boundedFIFO() throws {
        let channel = try channel(RedisLimits(maxPendingCommands: 2))
        let waiting = [request(channel, ["PING"]), request(channel, ["PING"])]
        let refused = request(channel, ["PING"])
        #expect(throws: RedisError.self) { try refused.wait() }
        try channel.writeInbound(ByteBuffer(bytes: Array("+PONG\r\n+PONG\r\n".utf8)))
        for reply in waiting { #expect(try reply.wait() == .string(Array("PONG".utf8))) }
        _ = try channel.finish()
    }

    @Test("an error reply on a subscribed connection closes it with Redis' words")
    func refusedSubscription() throws {
        let sink = RecordingSink()
        let channel = try channel(pushes: sink)
        let ended = try channel.pipeline.syncOperations.handler(type: RedisHandler.self).ended.futureResult
        _ = try? channel.writeInbound(ByteBuffer(bytes: Array("-NOAUTH Authentication required.\r\n".utf8)))
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
        #expect(sink.events.isEmpty)
        #expect(try ended.wait().description.contains("NOAUTH"))
    }
}
