import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A real WebSocket client over NIO: upgrades with optional `Origin`, collects what the bridge
/// sends into an inbox with bounded reads, sends text, pings, raw oversized frames, and can stop
/// reading from its socket (so the bridge's queue for it grows).
final class WSClient: Sendable {
    let channel: any Channel
    let inbox: WSInbox

    private init(channel: any Channel, inbox: WSInbox) {
        self.channel = channel
        self.inbox = inbox
    }

    struct Options: Sendable {
        var origin: String?
        var answerPings = true
        /// A small SO_RCVBUF pins the TCP window, so a client that stops reading backs up fast.
        var receiveBuffer: Int?
    }

    private enum Upgrade: Sendable {
        case upgraded(any Channel)
        case refused
    }

    /// Connects to `ws://127.0.0.1:port` + `path`; throws when the server refuses the upgrade.
    static func connect(port: Int, path: String, options: Options = Options()) async throws -> WSClient {
        let inbox = WSInbox()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(.seconds(3))
        if let size = options.receiveBuffer {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(size))
        }
        let answerPings = options.answerPings
        let upgrade: EventLoopFuture<Upgrade> = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(
                    maxFrameSize: 1 << 24, enableAutomaticErrorHandling: false,
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(WSFrameHandler(inbox: inbox, answerPings: answerPings))
                            return Upgrade.upgraded(channel)
                        }
                    })
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: "127.0.0.1:\(port)")
                if let origin = options.origin { headers.add(name: "Origin", value: origin) }
                let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                let configuration = NIOTypedHTTPClientUpgradeConfiguration(
                    upgradeRequestHead: head, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in
                        channel.close(promise: nil)
                        return channel.eventLoop.makeSucceededFuture(Upgrade.refused)
                    })
                // The bridge may send its welcome in the same TCP segment as the 101: forward the
                // bytes the HTTP decoder holds after the upgrade instead of dropping them.
                var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                pipeline.leftOverBytesStrategy = .forwardBytes
                return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
            }
        }
        let result = try await withTimeout(upgrade, seconds: 5, what: "WebSocket upgrade of \(path)")
        guard case .upgraded(let channel) = result else {
            throw SupportError("the bridge refused the WebSocket upgrade of \(path)")
        }
        return WSClient(channel: channel, inbox: inbox)
    }

    private static func withTimeout<T: Sendable>(_ future: EventLoopFuture<T>, seconds: Int64, what: String) async throws -> T {
        let timer = future.eventLoop.scheduleTask(in: .seconds(seconds)) {}
        let timeout = timer.futureResult.flatMapThrowing { _ -> T in throw SupportError("\(what) timed out") }
        let first = future.eventLoop.makePromise(of: T.self)
        future.cascade(to: first)
        timeout.cascadeFailure(to: first)
        defer { timer.cancel() }
        return try await first.futureResult.get()
    }
}
