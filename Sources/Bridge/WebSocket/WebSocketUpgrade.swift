import Foundation
import Crypto
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Upgrades `GET /ws` (and `/`) from allowed origins to a session that lives directly on the NIO
/// pipeline: one frame decoder and the session, nothing else, so an idle session stays small
/// and event frames (encoded once for every recipient) go straight to the socket. A foreign
/// origin or another path falls through to the HTTP router, which answers 403 or 400.
struct WebSocketUpgrade: HTTPServerProtocolUpgrader, Sendable {
    /// Client frames above this close the session with 1009 (docs/protocol.md#frames).
    static let maxFrameSize = 16 * 1024
    static let magicGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    let bridge: BridgeContext
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []

    private struct Declined: Error {}

    func buildUpgradeResponse(channel: any Channel, upgradeRequest head: HTTPRequestHead,
                              initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        guard path == "/ws" || path == "/", bridge.configuration.allows(origin: head.headers.first(name: "origin")),
              head.headers.first(name: "sec-websocket-version") == "13",
              let key = head.headers.first(name: "sec-websocket-key"), !key.isEmpty else {
            return channel.eventLoop.makeFailedFuture(Declined())
        }
        if let address = bridge.clientAddress(of: head, peer: channel.remoteAddress) {
            guard bridge.addresses.reserve(address) else { return channel.eventLoop.makeFailedFuture(Declined()) }
            let addresses = bridge.addresses
            channel.closeFuture.whenComplete { _ in addresses.release(address) }
        }
        var headers = initialResponseHeaders
        headers.replaceOrAdd(name: "Upgrade", value: "websocket")
        headers.replaceOrAdd(name: "Connection", value: "upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: Self.acceptValue(for: key))
        return channel.eventLoop.makeSucceededFuture(headers)
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest head: HTTPRequestHead) -> EventLoopFuture<Void> {
        let query = QueryString.parse(head.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? "")
        return context.eventLoop.makeCompletedFuture {
            let pipeline = context.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: Self.maxFrameSize)))
            try pipeline.addHandler(WebSocketSession(
                bridge: bridge,
                token: query["token"].flatMap { $0.isEmpty ? nil : $0 },
                lastId: query["last_id"].flatMap { $0.isEmpty ? nil : $0 }))
        }
    }

    /// `Sec-WebSocket-Accept` of RFC 6455 §4.2.2.
    static func acceptValue(for key: String) -> String {
        Data(Insecure.SHA1.hash(data: Data((key + magicGUID).utf8))).base64EncodedString()
    }
}
