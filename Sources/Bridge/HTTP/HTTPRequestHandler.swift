import NIOCore
import NIOHTTP1

/// Collects one request at a time (body bounded at 1 MiB), routes it and writes the answer. A
/// declared body over the bound is answered 413 at once, from the headers; a request the
/// parser cannot read, or one answered 400 or 413, closes the connection after its answer.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request bodies above this are refused with 413.
    static let maxBodyBytes = EnvelopeDecoder.maxPayloadBytes

    private let router: HTTPRouter
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// Set once a request was refused as too large: the rest of it is ignored until the close.
    private var refused = false
    /// Puts a fresh WebSocket upgrader in front of this handler for the connection's next request.
    var rearmUpgrade: ((ChannelHandlerContext) -> Void)?

    init(router: HTTPRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            if let declared = head.headers.first(name: "content-length").flatMap(Int.init), declared > Self.maxBodyBytes {
                refuseTooLarge(head, context: context)
            }
        case .body(var chunk):
            guard let head else { return }
            if body.readableBytes + chunk.readableBytes > Self.maxBodyBytes {
                refuseTooLarge(head, context: context)
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            answer(HTTPRequest(head: head, body: body, remote: context.channel.remoteAddress), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // HTTPServerProtocolErrorHandler has answered a parser error with 400; nothing more can be
        // read from this connection. (A declined upgrade also arrives here: the router answers it.)
        guard error is HTTPParserError else { return }
        Self.closeAfterAnswer(context)
    }

    /// Ends the connection once its answer is out: the write side first, so that a client still
    /// sending its request reads the answer instead of a reset, then the socket.
    static func closeAfterAnswer(_ context: ChannelHandlerContext) {
        let channel = context.channel
        context.close(mode: .output, promise: nil)
        context.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }

    private func answer(_ request: HTTPRequest, context: ChannelHandlerContext) {
        switch router.route(request, on: context.channel) {
        case .now(let response):
            write(response, for: request, context: context)
        case .later(let future):
            future.assumeIsolated().whenComplete { result in
                let response = (try? result.get()) ?? .error(.internalServerError, "the request failed; see the bridge log")
                self.write(response, for: request, context: context)
            }
        }
    }

    private func refuseTooLarge(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        refused = true
        self.head = nil
        body.clear()
        let request = HTTPRequest(head: head, body: ByteBuffer(), remote: context.channel.remoteAddress)
        if request.path == "/broadcast" {
            router.bridge.reject(Rejection(.tooLarge, "request body over 1 MiB"), from: .broadcast, channel: nil)
        }
        write(.error(.payloadTooLarge, "request body is over 1 MiB (1048576 bytes)"), for: request, context: context)
    }

    private func write(_ response: HTTPResponse, for request: HTTPRequest, context: ChannelHandlerContext) {
        var headers = response.headers
        router.addCORS(to: &headers, for: request)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.readableBytes))
        let keepAlive = request.head.isKeepAlive && !refused && response.status != .badRequest
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: request.head.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        if keepAlive { rearmUpgrade?(context) }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in Self.closeAfterAnswer(context) }
        }
    }
}
