import NIOCore
import NIOWebSocket

/// Client side of an upgraded WebSocket: reassembles text messages into the inbox, records the
/// server's close code, answers pings (unless told not to) and echoes the close handshake.
final class WSFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: WSInbox
    private let answerPings: Bool
    private var fragments: ByteBuffer?
    private var sentClose = false

    init(inbox: WSInbox, answerPings: Bool) {
        self.inbox = inbox
        self.answerPings = answerPings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            inbox.append(text: String(buffer: frame.unmaskedData))
        case .text:
            fragments = frame.unmaskedData
        case .continuation:
            var data = frame.unmaskedData
            fragments?.writeBuffer(&data)
            if frame.fin, let whole = fragments {
                inbox.append(text: String(buffer: whole))
                fragments = nil
            }
        case .connectionClose:
            var data = frame.unmaskedData
            inbox.recordClose(code: data.readInteger(as: UInt16.self) ?? 1005)
            replyClose(context: context, data: frame.unmaskedData)
        case .ping:
            inbox.recordPing()
            if answerPings {
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            }
        case .pong:
            inbox.recordPong()
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.recordDisconnect()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func replyClose(context: ChannelHandlerContext, data: ByteBuffer) {
        guard !sentClose else { return }
        sentClose = true
        let echo = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(echo), promise: nil)
        context.close(promise: nil)
    }
}
