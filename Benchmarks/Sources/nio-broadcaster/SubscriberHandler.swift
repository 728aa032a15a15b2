import BenchCore
import NIOCore

/// SUBSCRIBEs to one channel; every batch of messages read from Redis is encoded once and
/// handed to the hubs after the read completes: frame by frame, or joined into one buffer when
/// coalescing (a batch is what one read cycle brought, so its size is bounded by NIO's reads).
final class SubscriberHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let channelName: String
    private let hubs: Hubs
    private var buffer = ByteBuffer()
    private var batch: [ByteBuffer] = []
    private let coalesce: Bool

    init(channel: String, hubs: Hubs, coalesce: Bool) {
        channelName = channel
        self.hubs = hubs
        self.coalesce = coalesce
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(RESP.command(["SUBSCRIBE", channelName])), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        do {
            while let value = try RESP.parse(&buffer) {
                guard case .array(let items?) = value, items.count == 3,
                      case .bulk(let kind?) = items[0], kind.readableBytesView.elementsEqual("message".utf8),
                      case .bulk(let payload?) = items[2] else { continue }
                batch.append(WebSocketFrame.serverFrame(payload: payload, allocator: context.channel.allocator))
            }
        } catch {
            context.fireErrorCaught(error)
        }
        buffer.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard !batch.isEmpty else { return }
        if coalesce {
            var joined = context.channel.allocator.buffer(capacity: batch.reduce(0) { $0 + $1.readableBytes })
            for frame in batch { joined.writeImmutableBuffer(frame) }
            hubs.broadcast(joined: joined)
        } else {
            hubs.broadcast(batch)
        }
        batch.removeAll(keepingCapacity: true)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        print("nio-broadcaster: redis: \(error)")
        context.close(promise: nil)
    }
}
