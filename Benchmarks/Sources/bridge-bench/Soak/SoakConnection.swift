import BenchCore
import NIOCore

/// A session that owns raw WebSocket connections (`SoakConnection`): told of each text frame, the
/// server's close, a refused upgrade and the end of a connection, with that connection's generation.
/// Confined to its event loop.
protocol FrameSession: AnyObject {
    func onText(_ payload: UnsafeRawBufferPointer, generation: Int)
    func onServerClose(_ code: UInt16, generation: Int)
    func onRefused(_ status: String, generation: Int)
    func onInactive(generation: Int)
}

/// One WebSocket connection of a soak or storm session: the raw HTTP upgrade, then frames handed to the
/// session with this connection's generation (a session ignores news from its older connections).
final class SoakConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let session: any FrameSession
    private let generation: Int
    private let request: ByteBuffer
    /// Text frames sent right after the upgrade (`bridge:resume` then `bridge:auth`).
    private let firstFrames: [String]
    private var upgraded = false
    private var handshake: ByteBuffer?
    private var scanner = WebSocketFrameScanner()
    private static let headerEnd = Array("\r\n\r\n".utf8)

    init(session: any FrameSession, generation: Int, request: ByteBuffer, firstFrames: [String]) {
        self.session = session
        self.generation = generation
        self.request = request
        self.firstFrames = firstFrames
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if !upgraded {
            guard let rest = upgrade(&buffer, context: context) else { return }
            buffer = rest
        }
        let read = ServerFrameRead.scan(&buffer, with: &scanner, allocator: context.channel.allocator) { payload in
            session.onText(payload, generation: generation)
        }
        read.answerPings(context)
        if let closeCode = read.closeCode { session.onServerClose(closeCode, generation: generation) }
        if !read.wellFormed { context.close(promise: nil) }
    }

    /// Consumes the HTTP response; returns the bytes after it once it said 101.
    private func upgrade(_ buffer: inout ByteBuffer, context: ChannelHandlerContext) -> ByteBuffer? {
        if handshake == nil { handshake = buffer } else { handshake!.writeBuffer(&buffer) }
        guard var all = handshake, let end = all.readableBytesView.firstRange(of: Self.headerEnd) else { return nil }
        handshake = nil
        let head = all.readString(length: end.upperBound - all.readerIndex) ?? ""
        guard head.prefix(while: { $0 != "\r" }).split(separator: " ").dropFirst().first == "101" else {
            session.onRefused(String(head.prefix(while: { $0 != "\r" })), generation: generation)
            context.close(promise: nil)
            return nil
        }
        upgraded = true
        for text in firstFrames {
            let payload = ByteBuffer(string: text)
            context.write(wrapOutboundOut(WebSocketFrame.clientFrame(opcode: WebSocketFrame.opText, payload: payload.readableBytesView, allocator: context.channel.allocator)), promise: nil)
        }
        if !firstFrames.isEmpty { context.flush() }
        return all
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.onInactive(generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
