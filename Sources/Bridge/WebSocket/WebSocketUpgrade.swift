import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Upgrades `GET /ws` (and `/`) from allowed origins; a foreign origin falls through to the HTTP
/// router, which answers 403. The session then lives directly on the NIO pipeline.
enum WebSocketUpgrade {
    /// Client frames above this close the session with 1009 (SPEC §5).
    static let maxFrameSize = 16 * 1024

    static func makeUpgrader(bridge: BridgeContext) -> NIOWebSocketServerUpgrader {
        NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            automaticErrorHandling: false,
            shouldUpgrade: { channel, head in
                let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
                guard path == "/ws" || path == "/", bridge.configuration.allows(origin: head.headers.first(name: "origin")) else {
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let query = QueryString.parse(head.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? "")
                    let pipeline = channel.pipeline.syncOperations
                    // Event frames are pre-encoded once for all recipients; the session writes bytes
                    // through a writer placed before NIO's frame encoder.
                    let writer = FrameBytesWriter()
                    try pipeline.addHandler(writer, position: .first)
                    try pipeline.addHandler(NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 64, maxAccumulatedFrameSize: maxFrameSize))
                    try pipeline.addHandler(WebSocketSession(
                        bridge: bridge,
                        writer: writer,
                        token: query["token"].flatMap { $0.isEmpty ? nil : $0 },
                        lastId: query["last_id"].flatMap { $0.isEmpty ? nil : $0 }))
                }
            }
        )
    }
}
