import BenchCore
import Foundation
import NIOCore

/// Reads the replies of one pipelined publishing connection in order and settles the events each
/// request carried: a Redis `PUBLISH` answered with at least one receiver, or an HTTP 2xx, confirms
/// them; anything else marks them failed with the reason.
final class SoakReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let http: Bool
    private var buffer = ByteBuffer()
    /// Event numbers of each request still waiting for its reply, oldest first.
    private var pending: [[UInt32]] = []
    private var head = 0
    private(set) var confirmed = 0
    private(set) var failed: [UInt32: String] = [:]
    private(set) var requests = 0
    /// Events written so far.
    private(set) var written = 0
    private static let headerEnd = Array("\r\n\r\n".utf8)

    init(http: Bool) { self.http = http }

    /// Events written but not answered yet.
    var unanswered: [UInt32] { pending[head...].flatMap { $0 } }

    func expect(_ seqs: [UInt32]) {
        pending.append(seqs)
        requests += 1
        written += seqs.count
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        if http { parseHTTP() } else { parseRESP() }
        buffer.discardReadBytes()
        if head > 4096 { pending.removeFirst(head); head = 0 }
    }

    private func settle(ok: Bool, reason: String) {
        guard head < pending.count else { return }
        let seqs = pending[head]
        head += 1
        if ok { confirmed += seqs.count } else { for s in seqs { failed[s] = reason } }
    }

    private func parseRESP() {
        while let value = try? RESP.parse(&buffer) {
            switch value {
            case .integer(let n): settle(ok: n > 0, reason: "PUBLISH reached \(n) subscribers")
            case .error(let e): settle(ok: false, reason: "redis: \(e)")
            default: settle(ok: false, reason: "unexpected redis reply")
            }
        }
    }

    private func parseHTTP() {
        while true {
            let view = buffer.readableBytesView
            guard let end = view.firstRange(of: Self.headerEnd) else { return }
            let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
            var bodyLength = 0
            if let r = head.lowercased().range(of: "content-length:") {
                bodyLength = Int(String(head.lowercased()[r.upperBound...].prefix { $0 != "\r" }.filter(\.isNumber))) ?? 0
            }
            let headerBytes = end.upperBound - view.startIndex
            guard buffer.readableBytes >= headerBytes + bodyLength else { return }
            buffer.moveReaderIndex(forwardBy: headerBytes)
            let body = buffer.readString(length: bodyLength) ?? ""
            let status = head.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
            settle(ok: status.hasPrefix("2"), reason: "HTTP \(status) \(body.prefix(120))")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
