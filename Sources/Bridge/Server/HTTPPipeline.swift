import NIOCore
import NIOHTTP1

/// Lays out one connection's HTTP pipeline with a WebSocket upgrader that is re-armed after each
/// keep-alive response, so an upgrade works on any request of a connection (proxies such as nginx
/// reuse upstream connections; NIO's upgrader alone only looks at the first request).
enum HTTPPipeline {
    static func configure(_ channel: any Channel, bridge: BridgeContext, router: HTTPRouter) throws {
        let encoder = HTTPResponseEncoder()
        let httpHandlers: [any RemovableChannelHandler] = [
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)),
            HTTPConnectionTimeouts(headerTimeout: .seconds(Int64(bridge.configuration.httpHeaderTimeout)),
                                   idleTimeout: .seconds(Int64(bridge.configuration.httpIdleTimeout))),
            HTTPServerPipelineHandler(),
            NIOHTTPResponseHeadersValidator(),
            HTTPServerProtocolErrorHandler(),
        ]
        let requests = HTTPRequestHandler(router: router)
        // `requests` keeps these closures: capturing it strongly would leak every connection.
        let makeUpgrader = { [weak requests] in
            HTTPServerUpgradeHandler(
                upgraders: [WebSocketUpgrade(bridge: bridge)],
                httpEncoder: encoder,
                extraHTTPHandlers: httpHandlers,
                upgradeCompletionHandler: { context in
                    guard let requests else { return }
                    context.pipeline.syncOperations.removeHandler(requests, promise: nil)
                })
        }
        requests.rearmUpgrade = { [weak requests] context in
            guard let requests else { return }
            let pipeline = context.pipeline.syncOperations
            guard (try? pipeline.handler(type: HTTPServerUpgradeHandler.self)) == nil else { return }
            try? pipeline.addHandler(makeUpgrader(), position: .before(requests))
        }
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(encoder)
        try pipeline.addHandlers(httpHandlers)
        try pipeline.addHandler(makeUpgrader())
        try pipeline.addHandler(requests)
    }
}
