import NIOCore
import NIOHTTP1

/// Gathers one HTTP response (head, body, end) and completes a promise with it, or fails it on
/// timeout or when the connection drops first.
final class HTTPResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPResponse>
    private let timeout: TimeAmount
    private let path: String
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var done = false

    init(promise: EventLoopPromise<HTTPResponse>, timeout: TimeAmount, path: String) {
        self.promise = promise
        self.timeout = timeout
        self.path = path
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.fail(SupportError("HTTP \(handler.path): no complete answer within \(handler.timeout)"), context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(let chunk):
            body += chunk.readableBytesView
        case .end:
            guard !done, let head else { return }
            done = true
            promise.succeed(HTTPResponse(status: Int(head.status.code), headers: head.headers, body: body))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SupportError("HTTP \(path): connection closed before a complete answer"), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SupportError("HTTP \(path): \(error)"), context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.fail(error)
        context.close(promise: nil)
    }
}
