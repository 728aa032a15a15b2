import Dispatch
import Logging
import NIOCore
import NIOEmbedded
@testable import Bridge
import FuzzSupport

/// Fuzzes a connection's HTTP path: raw request bytes through the real `HTTPPipeline` (NIO's
/// request decoder, pipelining, header validation, the re-armed WebSocket upgrader) into the
/// bridge's `HTTPRequestHandler`, `HTTPRequest`, `QueryString`, the router and its endpoints.
///
/// Runs on `NIOAsyncTestingChannel`, not `EmbeddedChannel`: an upgraded request with a token
/// verifies it in a task that completes on the channel's loop from another thread, which the
/// thread-checked `EmbeddedEventLoop` forbids. No socket is opened. The first input byte picks
/// the peer (bit 0: loopback, else a remote address, as `/broadcast` tells them apart).
enum HTTPRequestFuzzer {
    static let loop = NIOAsyncTestingEventLoop()
    static let bridge: BridgeContext = TaskWaiter.wait { await makeBridge() }
    static let loopback = try! SocketAddress(ipAddress: "127.0.0.1", port: 40_000)
    static let remote = try! SocketAddress(ipAddress: "203.0.113.9", port: 40_000)

    static func makeBridge() async -> BridgeContext {
        var configuration = BridgeConfiguration()
        configuration.secret = FuzzKeys.secret
        configuration.historyCapacity = 64
        configuration.allowedOrigins = ["https://ict.example"]
        configuration.nodeId = "1"
        let metrics = BridgeMetrics()
        return BridgeContext(configuration: configuration,
                             hub: Hub(eventLoops: [loop], historyCapacity: configuration.historyCapacity, metrics: metrics),
                             tokens: await TokenAuthority(secret: FuzzKeys.secret), metrics: metrics,
                             logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// One connection: the pipeline, the peer's bytes, then two minutes of the loop's time so
    /// every timer the request armed fires (auth timeout, long-poll wait, close grace) and nothing
    /// outlives the run. Three hops to the loop in all.
    static func run(_ input: [UInt8]) async {
        guard let selector = input.first else { return }
        let bridge = bridge
        let peer = selector & 1 == 0 ? loopback : remote
        let channel = NIOAsyncTestingChannel(loop: loop)
        let request = ByteBuffer(bytes: input.dropFirst())
        // A malformed request is answered 400 and closed: an expected outcome, not a failure.
        try? await loop.executeInContext {
            try HTTPPipeline.configure(channel, bridge: bridge, router: HTTPRouter(bridge: bridge))
            channel.connect(to: peer, promise: nil)
            channel.pipeline.fireChannelRead(request)
            channel.pipeline.fireChannelReadComplete()
        }
        await loop.advanceTime(by: .seconds(120))
        _ = try? await channel.finish(acceptAlreadyClosed: true)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    TaskWaiter.wait { await HTTPRequestFuzzer.run(input) }
    return 0
}
