import BenchCore
import NIOCore

/// What one read of server frames held, once its text frames went to their handler: whether the
/// stream was well formed, the close code if a close frame came, and the pings to answer.
struct ServerFrameRead {
    var wellFormed = true
    var closeCode: UInt16?
    var pings: [ByteBuffer] = []

    /// Scans `buffer` with `scanner`, handing each text payload to `onText` as it comes.
    static func scan(_ buffer: inout ByteBuffer, with scanner: inout WebSocketFrameScanner, allocator: ByteBufferAllocator,
                     onText: (UnsafeRawBufferPointer) -> Void) -> ServerFrameRead {
        var closeCode: UInt16?
        var pings: [ByteBuffer] = []
        let wellFormed = scanner.scan(&buffer) { opcode, payload in
            switch opcode {
            case WebSocketFrame.opText:
                onText(payload)
            case WebSocketFrame.opClose:
                closeCode = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
            case WebSocketFrame.opPing:
                var ping = allocator.buffer(capacity: payload.count)
                ping.writeBytes(payload)
                pings.append(ping)
            default:
                break
            }
        }
        return ServerFrameRead(wellFormed: wellFormed, closeCode: closeCode, pings: pings)
    }

    /// Answers the pings with pongs through `context`, in one flush.
    func answerPings(_ context: ChannelHandlerContext) {
        guard !pings.isEmpty else { return }
        for ping in pings {
            let pong = WebSocketFrame.clientFrame(opcode: WebSocketFrame.opPong, payload: ping.readableBytesView,
                                                  allocator: context.channel.allocator)
            context.write(NIOAny(pong), promise: nil)
        }
        context.flush()
    }
}
