import Logging
import NIOCore
import NIOEmbedded
@testable import Bridge
import FuzzSupport

/// Fuzzes a connection's HTTP path: raw request bytes through the real `HTTPPipeline` (NIO's
/// request decoder, pipelining, header validation, the re-armed WebSocket upgrader) into the
/// bridge's `HTTPRequestHandler`, `HTTPRequest`, `QueryString`, the router and its endpoints.
///
/// Each input runs to its end before `LLVMFuzzerTestOneInput` returns, on one thread: the
/// connection is an `EmbeddedChannel` on a loop shared by every input (the hub's only loop), and
/// the tasks in which the bridge checks tokens (WebSocket auth, `/messages`) run on this thread
/// too, through ``GlobalJobs``, between turns of the loop. So every allocation of an input is
/// freed before libFuzzer counts them, and LeakSanitizer only scans after an input that really
/// kept memory. The bridge and its router are built once. No socket is opened. The first input
/// byte picks the peer (bit 0: loopback, else a remote address, as `/broadcast` tells them apart).
enum HTTPRequestFuzzer {
    static let loop = EmbeddedEventLoop()
    static let bridge: BridgeContext = TaskWaiter.wait { await makeBridge() }
    static let router = HTTPRouter(bridge: bridge)
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
                             logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }),
                             // /broadcast (the only writer to the log) is refused here: no loopback peer.
                             redisLoop: loop)
    }

    /// Builds the loop (on this, the fuzzing thread, the only one that may use it), the bridge and
    /// the router before the first input.
    static func prepare() {
        _ = loop
        _ = router
    }

    /// One connection: the pipeline, the peer's bytes, then two minutes of the loop's time so
    /// every timer the request armed fires (auth timeout, long-poll wait, close grace), then the
    /// close. Token checks finish before the clock moves, as they would on a live loop.
    static func run(_ input: UnsafeRawBufferPointer) {
        guard let selector = input.first else { return }
        let channel = EmbeddedChannel(loop: loop)
        do {
            try HTTPPipeline.configure(channel, bridge: bridge, router: router)
        } catch {
            fatalError("HTTPPipeline.configure failed on a fresh channel: \(error)")
        }
        channel.connect(to: selector & 1 == 0 ? loopback : remote, promise: nil)
        var request = channel.allocator.buffer(capacity: input.count - 1)
        request.writeBytes(UnsafeRawBufferPointer(rebasing: input.dropFirst()))
        // A malformed request is answered 400 and closed: an expected outcome, not a failure.
        _ = try? channel.writeInbound(request)
        settle()
        loop.advanceTime(by: .seconds(120))
        settle()
        _ = try? channel.finish(acceptAlreadyClosed: true)
        settle()
    }

    /// Runs the loop and the queued tasks until neither has anything left to do now.
    static func settle() {
        repeat { loop.run() } while GlobalJobs.runPending()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    HTTPRequestFuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
