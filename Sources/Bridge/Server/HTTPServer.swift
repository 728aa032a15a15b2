import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Binds `WEBSOCKET_HOST:WEBSOCKET_PORT` and serves HTTP and WebSocket on the same port.
struct HTTPServer {
    let bridge: BridgeContext
    let group: MultiThreadedEventLoopGroup
    let connections: ConnectionTracker

    func bind() async throws -> any Channel {
        let bridge = self.bridge
        let maxQueue = bridge.configuration.maxQueueBytes
        let router = HTTPRouter(bridge: bridge)
        let connections = self.connections
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            // A fixed kernel send buffer keeps BRIDGE_MAX_QUEUE the real bound for a client that stops
            // reading (autotuning would let it pin up to 4 MiB of kernel memory first).
            .childChannelOption(.socketOption(.so_sndbuf), value: 256 * 1024)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: maxQueue / 2, high: maxQueue))
            .childChannelOption(.maxMessagesPerRead, value: 4)
            // NIO keeps each connection's last read buffer for reuse: an idle session holds it for
            // ever. Starting at 512 bytes (NIO's default is 2 KiB) keeps 1.5 KiB less per idle
            // session; the buffer still doubles per full read for bodies and bursts.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    connections.track(channel)
                    try HTTPPipeline.configure(channel, bridge: bridge, router: router)
                }
            }
            .bind(host: bridge.configuration.host, port: bridge.configuration.port)
            .get()
    }
}
