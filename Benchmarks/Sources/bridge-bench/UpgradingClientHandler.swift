import BenchCore
import NIOCore

private let headerEnd = Array("\r\n\r\n".utf8)

/// A raw WebSocket client handler that sends its HTTP upgrade `request` itself, reads the response
/// (at most 16 KiB of header), then scans server frames, answering pings. Its own part: what an
/// accepted upgrade leads to, each text frame, the server's close and a failure.
protocol UpgradingClientHandler: ChannelInboundHandler where InboundIn == ByteBuffer {
    var request: ByteBuffer { get }
    /// The response read so far, until its header is complete.
    var handshake: ByteBuffer? { get set }
    var scanner: WebSocketFrameScanner { get set }
    var isHandshaking: Bool { get }
    var isClosed: Bool { get }
    /// The server answered 101 (the bytes after its header are read next).
    func upgraded(context: ChannelHandlerContext)
    func onText(_ payload: UnsafeRawBufferPointer, now: UInt64, context: ChannelHandlerContext)
    func onClose(code: UInt16, context: ChannelHandlerContext)
    func fail(_ reason: String, context: ChannelHandlerContext)
}

extension UpgradingClientHandler {
    /// `channelRead`: the upgrade response first, then frames.
    func readResponseThenFrames(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if isHandshaking {
            guard let rest = handshakeComplete(&buffer, context: context) else { return }
            buffer = rest
        }
        guard !isClosed, buffer.readableBytes > 0 else { return }
        let now = monotonicNanos()
        let read = ServerFrameRead.scan(&buffer, with: &scanner, allocator: context.channel.allocator) { payload in
            self.onText(payload, now: now, context: context)
        }
        read.answerPings(context)
        if !read.wellFormed { fail("malformed WebSocket stream", context: context); return }
        if let code = read.closeCode { onClose(code: code, context: context) }
    }

    func sendText(_ text: String, context: ChannelHandlerContext) {
        let frame = WebSocketFrame.clientFrame(opcode: WebSocketFrame.opText, payload: ByteBuffer(string: text).readableBytesView,
                                               allocator: context.channel.allocator)
        context.writeAndFlush(NIOAny(frame), promise: nil)
    }

    /// Consumes the HTTP response; returns the bytes after it once the upgrade succeeded.
    private func handshakeComplete(_ buffer: inout ByteBuffer, context: ChannelHandlerContext) -> ByteBuffer? {
        if handshake == nil { handshake = buffer } else { handshake?.writeBuffer(&buffer) }
        guard var all = handshake, let end = all.readableBytesView.firstRange(of: headerEnd) else {
            if (handshake?.readableBytes ?? 0) > 16_384 { fail("HTTP response header too large", context: context) }
            return nil
        }
        handshake = nil
        let head = all.readString(length: end.upperBound - all.readerIndex) ?? ""
        let statusLine = head.prefix { $0 != "\r" }
        guard statusLine.split(separator: " ").dropFirst().first == "101" else {
            fail("upgrade refused: \(statusLine)", context: context)
            return nil
        }
        upgraded(context: context)
        return all
    }
}
