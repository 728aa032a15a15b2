import ArgumentParser
import BenchCore
import NIOCore
import NIOPosix

/// The ceiling: the least a WebSocket broadcaster over Redis pub/sub can do. Each message is
/// encoded once (header + payload in one buffer), the same bytes are written to every
/// connection, and each connection is flushed once per batch read from Redis. With `--coalesce`
/// the frames of a batch are first joined into one buffer, so each connection takes one
/// `writeAndFlush` per batch (what the bridge does at burst).
@main
struct NIOBroadcaster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nio-broadcaster",
        abstract: "Minimal raw-SwiftNIO WebSocket broadcaster fed by Redis SUBSCRIBE (benchmark ceiling).",
        discussion: "Every message on the channel goes, unchanged, as one text frame to every connection. A connection whose socket is not writable (over NIO's write-buffer high-water mark) skips messages rather than queueing them. With --coalesce, the frames of one Redis read are joined into one buffer shared by every connection: one write and one flush per connection per batch instead of one write per frame."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8090
    @Option(help: "Redis to subscribe to.") var redisUrl = "redis://127.0.0.1:6379/0"
    @Option(help: "Redis channel to subscribe to.") var channel = "bench"
    @Option(help: "Event loops (threads).") var threads = System.coreCount
    @Flag(help: "Join the frames of each Redis read into one buffer: one write+flush per connection per batch.") var coalesce = false

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let loops = Array(group.makeIterator())
        let hubs = Hubs(loops: loops)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UpgradeHandler(hub: hubs.hub(for: channel.eventLoop)))
                }
            }
            .bind(host: host, port: port).get()
        let redis = try RedisAddress(url: redisUrl)
        let subscriber = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SubscriberHandler(channel: self.channel, hubs: hubs, coalesce: coalesce))
                }
            }
            .connect(host: redis.host, port: redis.port).get()
        print("nio-broadcaster\(coalesce ? " (coalescing)" : "") listening on ws://\(host):\(port)/, subscribed to \(channel) at \(redis.host):\(redis.port)")
        try await subscriber.closeFuture.get()
        try await server.close()
        throw ValidationError("redis connection closed")
    }
}
