import BenchCore
import NIOCore

/// A raw RFC 6455 server side: answers the upgrade, then only listens for a close.
final class UpgradeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    private static let headerEnd = Array("\r\n\r\n".utf8)
    private let hub: Hub
    var hubIndex = -1
    private var request: ByteBuffer?
    private var open = false
    private var context: ChannelHandlerContext?
    private var scanner = WebSocketFrameScanner()

    init(hub: Hub) { self.hub = hub }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if open {
            var closing = false
            _ = scanner.scan(&buffer) { opcode, _ in if opcode == WebSocketFrame.opClose { closing = true } }
            if closing {
                var code = context.channel.allocator.buffer(capacity: 2)
                code.writeInteger(UInt16(1000))
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame.serverFrame(opcode: WebSocketFrame.opClose, payload: code, allocator: context.channel.allocator)), promise: nil)
                context.close(promise: nil)
            }
            return
        }
        if request == nil { request = buffer } else { request!.writeBuffer(&buffer) }
        guard let view = request?.readableBytesView, let end = view.firstRange(of: Self.headerEnd) else { return }
        let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        request = nil
        guard let key = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("sec-websocket-key:") })?
            .split(separator: ":", maxSplits: 1).last?.trimmingSpaces else {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")), promise: nil)
            context.close(promise: nil)
            return
        }
        let accept = Base64.encode(SHA1.hash(Array((key + Self.guid).utf8)))
        let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: nil)
        open = true
        hub.add(self)
    }

    /// The same encoded bytes for every connection; one flush per batch.
    func send(_ frames: [ByteBuffer]) {
        guard let context, context.channel.isWritable else { return }
        for f in frames { context.write(wrapOutboundOut(f), promise: nil) }
        context.flush()
    }

    /// A whole batch already joined into one buffer: one pass down the pipeline.
    func send(joined: ByteBuffer) {
        guard let context, context.channel.isWritable else { return }
        context.writeAndFlush(wrapOutboundOut(joined), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        hub.remove(self)
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
