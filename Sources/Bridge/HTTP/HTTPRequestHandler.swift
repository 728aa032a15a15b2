import NIOCore
import NIOHTTP1

/// Collects one request at a time (body bounded at 1 MiB), routes it and writes the answer.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let router: HTTPRouter
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var bodyTooLarge = false
    /// Puts a fresh WebSocket upgrader in front of this handler for the connection's next request.
    var rearmUpgrade: ((ChannelHandlerContext) -> Void)?

    init(router: HTTPRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            bodyTooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > EnvelopeDecoder.maxPayloadBytes {
                bodyTooLarge = true
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = HTTPRequest(head: head, body: body, remote: context.channel.remoteAddress)
            if bodyTooLarge {
                router.bridge.reject(Rejection(.tooLarge, "request body over 1 MiB"), from: .broadcast, channel: nil)
                write(.error(.payloadTooLarge, "request body is over 1 MiB (1048576 bytes)"), for: request, context: context)
                return
            }
            let reply = router.route(request, on: context.channel)
            switch reply {
            case .now(let response):
                write(response, for: request, context: context)
            case .later(let future):
                future.assumeIsolated().whenComplete { result in
                    let response = (try? result.get()) ?? .error(.internalServerError, "the request failed; see the bridge log")
                    self.write(response, for: request, context: context)
                }
            }
        }
    }

    private func write(_ response: HTTPResponse, for request: HTTPRequest, context: ChannelHandlerContext) {
        var headers = response.headers
        router.addCORS(to: &headers, origin: request.origin)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.readableBytes))
        let keepAlive = request.head.isKeepAlive
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: request.head.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        if keepAlive { rearmUpgrade?(context) }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
