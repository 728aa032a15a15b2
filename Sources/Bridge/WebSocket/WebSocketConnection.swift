import NIOCore
import NIOWebSocket

/// What `/ws` sessions and Pusher connections share at the socket: frames written with the
/// `BRIDGE_MAX_QUEUE` bound judged after each flush, fragmented text joined within the 16 KiB
/// limit, and RFC 6455 violations and decoder errors answered with their close codes.
protocol WebSocketConnection: ChannelInboundHandler where OutboundOut == ByteBuffer {
    var bridge: BridgeContext { get }
    var context: ChannelHandlerContext? { get }
    /// The channel's writability as last signalled (read per flush without touching the channel).
    var writable: Bool { get }
    /// A close has begun: nothing more is judged or handled.
    var isClosing: Bool { get }
    /// A text message arriving in fragments, bounded by the 16 KiB frame limit.
    var fragments: ByteBuffer? { get set }
    /// Flushed frames go straight to the socket while NIO holds nothing of this connection.
    var directWriter: DirectSocketWriter { get set }

    /// Sends a close frame after what is queued; closes the socket when the client answers or after `grace`.
    func close(code: UInt16, reason: String, grace: TimeAmount)
    /// Handles one complete text message.
    func handleText(_ payload: ByteBuffer)
    /// Logs and closes a client that stopped reading (`unsent` bytes are still queued).
    func closeSlowConsumer(unsent: Int)
}

extension WebSocketConnection {
    /// Queues `frame`; with `flush`, hands everything queued to the socket: straight to the kernel
    /// when NIO holds nothing of this connection, else (and for what the kernel does not take) through NIO.
    func write(_ frame: ByteBuffer, flush: Bool = false) {
        guard let context else { return }
        if flush {
            guard let unsent = directWriter.send(frame, on: context.channel) else { return }
            context.writeAndFlush(wrapOutboundOut(unsent), promise: nil)
            enforceQueueBound(context)
        } else {
            directWriter.noteNIOWrite()
            context.write(wrapOutboundOut(frame), promise: nil)
        }
    }

    /// Hands the frames written so far to the socket.
    func flushPending() {
        guard let context else { return }
        context.flush()
        enforceQueueBound(context)
    }

    /// Past the high-water mark, closes the client if more than `BRIDGE_MAX_QUEUE` bytes are still
    /// unsent after the kernel took what it could. A burst to a reading client therefore never
    /// counts against it, a client that stopped reading does. Every flushed write passes here:
    /// events, replays, pongs and errors alike.
    func enforceQueueBound(_ context: ChannelHandlerContext) {
        guard !writable, !isClosing else { return }
        let unsent = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        guard unsent > bridge.configuration.maxQueueBytes else { return }
        bridge.metrics.recordSlowConsumer()
        closeSlowConsumer(unsent: unsent)
    }

    /// Why RFC 6455 refuses `frame` (unmasked, or reserved bits no extension negotiated), or nil.
    static func protocolViolation(in frame: WebSocketFrame) -> String? {
        if frame.maskKey == nil { return "client frames must be masked" }
        if frame.rsv1 || frame.rsv2 || frame.rsv3 { return "reserved bits set without a negotiated extension" }
        return nil
    }

    /// Joins a fragmented text message; over 16 KiB in all closes with 1009.
    func collectFragment(_ frame: WebSocketFrame) {
        guard var collected = fragments else { return }
        var piece = frame.unmaskedData
        guard collected.readableBytes + piece.readableBytes <= WebSocketUpgrade.maxFrameSize else {
            fragments = nil
            close(code: CloseCode.frameTooLarge, reason: "message over 16 KiB", grace: .seconds(2))
            return
        }
        collected.writeBuffer(&piece)
        fragments = frame.fin ? nil : collected
        if frame.fin, !isClosing { handleText(collected) }
    }

    /// A frame the decoder refused: 1009 for one over 16 KiB, 1002 for any other violation; any
    /// other error closes the socket.
    func closeAfterDecoderError(_ error: any Error, context: ChannelHandlerContext) {
        if let error = error as? NIOWebSocketError, error == .invalidFrameLength {
            close(code: CloseCode.frameTooLarge, reason: "frame over 16 KiB", grace: .seconds(2))
        } else if error is NIOWebSocketError {
            close(code: CloseCode.protocolError, reason: "protocol error", grace: .seconds(2))
        } else {
            context.close(promise: nil)
        }
    }
}
