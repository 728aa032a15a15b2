import NIOCore
import NIOPosix
import Testing
@testable import Bridge

/// The direct write path on real loopback sockets: the descriptor is found, and bytes keep their
/// order when the kernel stops taking them and NIO holds the rest.
@Suite("Direct socket writes")
struct DirectSocketWriterTests {
    static let chunkSize = 4 << 10
    static let chunks = 512

    @Test("finds the socket of an accepted TCP channel and writes to it directly")
    func findsDescriptor() async throws {
        try await withConnection { server, client in
            let sent = try await server.eventLoop.submit { () -> Bool in
                var writer = DirectSocketWriter()
                writer.attach(to: server)
                // the first send asks NIO whether it still holds bytes (nothing here), then goes direct
                return writer.isDirect && writer.send(ByteBuffer(string: "hello"), on: server) == nil
            }.get()
            #expect(sent)
            let received = try await client.receive(5)
            #expect(String(buffer: received) == "hello")
        }
    }

    @Test("a frame sent while NIO still holds an earlier one goes through NIO, after it")
    func waitsBehindNIO() async throws {
        try await withConnection { server, client in
            let wentDirect = try await server.eventLoop.submit { () -> Bool in
                var writer = DirectSocketWriter()
                writer.attach(to: server)
                server.write(ByteBuffer(string: "first "), promise: nil)  // queued in NIO, not flushed
                writer.noteNIOWrite()
                guard let rest = writer.send(ByteBuffer(string: "second"), on: server) else { return true }
                server.writeAndFlush(rest, promise: nil)
                return false
            }.get()
            #expect(!wentDirect)
            let received = try await client.receive(12)
            #expect(String(buffer: received) == "first second")
        }
    }

    @Test("bytes keep their order when the kernel fills and NIO takes the rest, and go direct again once NIO is drained")
    func orderAcrossFallback() async throws {
        try await withConnection { server, client in
            let counts = try await server.eventLoop.submit { () -> (direct: Int, viaNIO: Int) in
                var writer = DirectSocketWriter()
                writer.attach(to: server)
                var direct = 0, viaNIO = 0
                for index in 0..<Self.chunks {
                    if let rest = writer.send(Self.chunk(index), on: server) {
                        viaNIO += 1
                        server.writeAndFlush(rest, promise: nil)
                    } else {
                        direct += 1
                    }
                }
                return (direct, viaNIO)
            }.get()
            #expect(counts.direct >= 1)
            #expect(counts.viaNIO >= 1, "the client reads nothing yet, so the kernel must stop taking bytes")

            client.startReading()
            let expected = Self.chunkSize * Self.chunks
            let received = try await client.receive(expected)
            var wanted = ByteBuffer()
            for index in 0..<Self.chunks { wanted.writeImmutableBuffer(Self.chunk(index)) }
            #expect(received == wanted)

            let tailWentDirect = try await server.eventLoop.submit { () -> Bool in
                var writer = DirectSocketWriter()
                writer.attach(to: server)
                return (try? server.syncOptions?.getOption(.bufferedWritableBytes)) == 0
                    && writer.send(ByteBuffer(string: "tail"), on: server) == nil
            }.get()
            #expect(tailWentDirect)
            let tail = try await client.receive(expected + 4)
            #expect(String(buffer: tail.getSlice(at: expected, length: 4) ?? ByteBuffer()) == "tail")
        }
    }

    /// 4 KiB of one repeated byte that differs from its neighbours' (a swap of two chunks shows).
    static func chunk(_ index: Int) -> ByteBuffer {
        ByteBuffer(repeating: UInt8(index % 251), count: chunkSize)
    }

    fileprivate func withConnection(_ body: (any Channel, LoopbackReader) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let accepted = group.next().makePromise(of: (any Channel).self)
        let listener = try await ServerBootstrap(group: group)
            .childChannelOption(.socketOption(.so_sndbuf), value: 16 << 10)
            .childChannelInitializer { channel in
                accepted.succeed(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let collector = LoopbackReader(loop: group.next())
        let client = try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 16 << 10)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(to: try #require(listener.localAddress)).get()
        collector.channel = client
        let server = try await accepted.futureResult.get()
        do {
            try await body(server, collector)
        } catch {
            try? await client.close()
            try? await listener.close()
            try? await group.shutdownGracefully()
            throw error
        }
        try? await client.close()
        try await listener.close()
        try await group.shutdownGracefully()
    }
}

/// Gathers what the client side reads; reads only once told to.
private final class LoopbackReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let loop: any EventLoop
    var channel: (any Channel)?
    private var bytes = ByteBuffer()
    private var waiting: (count: Int, promise: EventLoopPromise<ByteBuffer>)?

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var piece = unwrapInboundIn(data)
        bytes.writeBuffer(&piece)
        answerIfComplete()
    }

    func startReading() {
        channel?.setOption(.autoRead, value: true).whenComplete { _ in }
    }

    /// The first `count` bytes read, within 30 s.
    func receive(_ count: Int) async throws -> ByteBuffer {
        let promise = loop.makePromise(of: ByteBuffer.self)
        loop.execute {
            self.waiting = (count, promise)
            self.answerIfComplete()
            if self.waiting == nil { return }
            self.channel?.read()
        }
        let timeout = loop.scheduleTask(in: .seconds(30)) {
            promise.fail(ChannelError.connectTimeout(.seconds(30)))
        }
        defer { timeout.cancel() }
        return try await promise.futureResult.get()
    }

    private func answerIfComplete() {
        guard let waiting, bytes.readableBytes >= waiting.count else { return }
        self.waiting = nil
        waiting.promise.succeed(bytes)
    }
}
