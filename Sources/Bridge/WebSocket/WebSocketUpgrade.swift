import Foundation
import Crypto
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Upgrades `GET /ws` (and `/`) from allowed origins to a session that lives directly on the NIO
/// pipeline: one frame decoder and the session, nothing else, so an idle session stays small
/// and event frames (encoded once for every recipient) go straight to the socket. With a Pusher
/// app configured, `GET /app/{key}` becomes a ``PusherConnection`` the same way. A foreign
/// origin or another path falls through to the HTTP router, which answers 403, 400 or 404.
struct WebSocketUpgrade: HTTPServerProtocolUpgrader, Sendable {
    /// Client frames above this close the session with 1009 (docs/protocol.md#frames).
    static let maxFrameSize = 16 * 1024
    static let magicGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    let bridge: BridgeContext
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []

    private struct Declined: Error {}

    /// An opening handshake is a GET without a body (RFC 6455 §4.1). One that declares a body is
    /// refused before NIO's upgrader would wait for it: a body that never ends left the
    /// connection's pipeline alive after the connection closed (found by the HTTP fuzz target).
    static func declaresBody(_ head: HTTPRequestHead) -> Bool {
        !head.headers["transfer-encoding"].isEmpty || head.headers["content-length"].contains { $0 != "0" }
    }

    /// Whether `Connection` names the `upgrade` token (RFC 6455 §4.2.1). NIO's upgrader looks only
    /// at `Upgrade`, while its HTTP parser stops parsing only when `Connection: upgrade` is there
    /// too: without this check, requests pipelined behind such a handshake were parsed as HTTP
    /// while the upgrade ran and then handed to the WebSocket decoder, which stopped the process
    /// (found by the HTTP fuzz target).
    static func connectionUpgrades(_ head: HTTPRequestHead) -> Bool {
        head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
    }

    func buildUpgradeResponse(channel: any Channel, upgradeRequest head: HTTPRequestHead,
                              initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        guard path == "/ws" || path == "/" || Self.pusherKey(in: path, bridge: bridge) != nil,
              bridge.configuration.allows(origin: head.headers.first(name: "origin")),
              head.headers.first(name: "sec-websocket-version") == "13",
              !Self.declaresBody(head), Self.connectionUpgrades(head),
              let key = head.headers.first(name: "sec-websocket-key"), !key.isEmpty else {
            return channel.eventLoop.makeFailedFuture(Declined())
        }
        if let addresses = bridge.addresses, let address = bridge.clientAddress(of: head, peer: channel.remoteAddress) {
            guard addresses.reserve(address) else { return channel.eventLoop.makeFailedFuture(Declined()) }
            channel.closeFuture.whenComplete { _ in addresses.release(address) }
        }
        var headers = initialResponseHeaders
        headers.replaceOrAdd(name: "Upgrade", value: "websocket")
        headers.replaceOrAdd(name: "Connection", value: "upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: Self.acceptValue(for: key))
        return channel.eventLoop.makeSucceededFuture(headers)
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest head: HTTPRequestHead) -> EventLoopFuture<Void> {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let query = QueryString.parse(parts.dropFirst().first ?? "")
        let pusherKey = Self.pusherKey(in: parts.first.map(String.init) ?? "/", bridge: bridge)
        return context.eventLoop.makeCompletedFuture {
            let pipeline = context.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: Self.maxFrameSize)))
            if let pusherKey, let app = bridge.configuration.pusher {
                try pipeline.addHandler(PusherConnection(bridge: bridge, app: app, key: pusherKey, protocolVersion: query["protocol"]))
                return
            }
            try pipeline.addHandler(WebSocketSession(
                bridge: bridge,
                token: query["token"].flatMap { $0.isEmpty ? nil : $0 },
                lastId: query["last_id"].flatMap { $0.isEmpty ? nil : $0 }))
        }
    }

    /// The key of a Pusher path `/app/{key}` (percent-decoded) when a Pusher app is configured;
    /// any key is upgraded, so an unknown one hears 4001 as Pusher answers it.
    static func pusherKey(in path: String, bridge: BridgeContext) -> String? {
        guard bridge.configuration.pusher != nil, path.hasPrefix("/app/") else { return nil }
        let key = path.dropFirst("/app/".count)
        guard !key.isEmpty, !key.contains("/") else { return nil }
        return key.removingPercentEncoding ?? String(key)
    }

    /// `Sec-WebSocket-Accept` of RFC 6455 §4.2.2.
    static func acceptValue(for key: String) -> String {
        Data(Insecure.SHA1.hash(data: Data((key + magicGUID).utf8))).base64EncodedString()
    }
}
