import Foundation
import BenchCore
import NIOCore
import NIOPosix

/// Publishes benchmark messages over one pipelined connection: Redis `PUBLISH` (the bridge's real
/// ingest path, and the raw-NIO and Python peers) or HTTP `POST` (`/broadcast`, nchan's publisher).
/// Each payload is built and stamped with `sent_ns` immediately before it is written.
final class Publisher: Sendable {
    enum Method: Sendable {
        case redis(channel: String)
        case http(path: String, bearer: String?)
        /// The Pusher HTTP API: each request signed (`auth_*`, `body_md5`) for its own body.
        case pusher(path: String, signer: PusherAPISigner)
    }

    private let channel: any Channel
    private let method: Method
    private let host: String
    private let replies: NIOLoopBoundBox<ReplyCounter>
    let builder: PayloadBuilder

    private init(channel: any Channel, method: Method, host: String, replies: NIOLoopBoundBox<ReplyCounter>, builder: PayloadBuilder) {
        self.channel = channel
        self.method = method
        self.host = host
        self.replies = replies
        self.builder = builder
    }

    static func connect(host: String, port: Int, method: Method, builder: PayloadBuilder, group: any EventLoopGroup) async throws -> Publisher {
        let loop = group.next()
        let http = { if case .redis = method { return false } else { return true } }()
        let bound = NIOLoopBoundBox.makeBoxSendingValue(ReplyCounter(http: http), eventLoop: loop)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(bound.value) }
            }
            .connect(host: host, port: port).get()
        return Publisher(channel: channel, method: method, host: "\(host):\(port)", replies: bound, builder: builder)
    }

    /// Writes messages `seqs` back to back and flushes once (a burst). Returns the first send time.
    @discardableResult
    func publish(_ seqs: Range<Int>) async throws -> UInt64 {
        try await channel.eventLoop.submit { () -> UInt64 in
            var first: UInt64 = 0
            for seq in seqs {
                let now = monotonicNanos()
                if first == 0 { first = now }
                self.channel.write(self.encode(self.builder.payload(seq: seq, sentNs: now)), promise: nil)
            }
            self.replies.value.sent += seqs.count
            self.channel.flush()
            return first
        }.get()
    }

    /// Publishes `count` messages starting at `firstSeq` at `rate` per second (timer-driven, catching up
    /// when a tick is late so the average rate holds). Returns when the last one is written.
    func publish(from firstSeq: Int, count: Int, rate: Double) async throws -> UInt64 {
        let interval = 1e9 / rate
        let start = monotonicNanos()
        var sent = 0
        while sent < count {
            let due = min(count, Int(Double(monotonicNanos() - start) / interval) + 1)
            if due > sent {
                try await publish(firstSeq + sent..<firstSeq + due)
                sent = due
            }
            let nextAt = start + UInt64(Double(sent) * interval)
            let now = monotonicNanos()
            if nextAt > now { try await Task.sleep(nanoseconds: nextAt - now) }
        }
        return start
    }

    private func encode(_ payload: String) -> ByteBuffer {
        var out = channel.allocator.buffer(capacity: payload.utf8.count + 128)
        switch method {
        case .redis(let name):
            RESP.writeCommand([ByteBuffer(string: "PUBLISH"), ByteBuffer(string: name), ByteBuffer(string: payload)], into: &out)
        case .http(let path, let bearer):
            out.writeString("POST \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(payload.utf8.count)\r\n")
            if let bearer { out.writeString("Authorization: Bearer \(bearer)\r\n") }
            out.writeString("\r\n")
            out.writeString(payload)
        case .pusher(let path, let signer):
            let target = signer.signedTarget(path: path, body: Array(payload.utf8), timestamp: Int(Date().timeIntervalSince1970))
            out.writeString("POST \(target) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(payload.utf8.count)\r\n\r\n")
            out.writeString(payload)
        }
        return out
    }

    /// Waits (bounded) until every published message was acknowledged; returns (acknowledged, errors, receivers reported by Redis).
    func awaitReplies(timeoutSeconds: Double) async -> (acked: Int, errors: [String], receivers: Int) {
        let deadline = monotonicNanos() + UInt64(timeoutSeconds * 1e9)
        while true {
            let snapshot = try? await channel.eventLoop.submit { () -> (Int, Int, [String], Int) in
                let r = self.replies.value
                return (r.sent, r.acked, r.errors, r.receivers)
            }.get()
            guard let (sent, acked, errors, receivers) = snapshot else { return (0, ["publisher connection lost"], 0) }
            if acked >= sent || monotonicNanos() > deadline { return (acked, errors, receivers) }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    func close() async { try? await channel.close() }
}

/// Counts replies: RESP integers (receivers of a PUBLISH) or HTTP responses (2xx = ok).
final class ReplyCounter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var sent = 0
    var acked = 0
    var receivers = 0
    var errors: [String] = []
    private let http: Bool
    private var buffer = ByteBuffer()
    private static let headerEnd = Array("\r\n\r\n".utf8)

    init(http: Bool) { self.http = http }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        if http { parseHTTP() } else { parseRESP() }
        buffer.discardReadBytes()
    }

    private func parseRESP() {
        while let value = try? RESP.parse(&buffer) {
            acked += 1
            switch value {
            case .integer(let n): receivers += n
            case .error(let e): note("redis: \(e)")
            default: break
            }
        }
    }

    private func parseHTTP() {
        while true {
            let view = buffer.readableBytesView
            guard let end = view.firstRange(of: Self.headerEnd) else { return }
            let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
            let lower = head.lowercased()
            var bodyLength = 0
            if let r = lower.range(of: "content-length:") {
                bodyLength = Int(String(lower[r.upperBound...].prefix { $0 != "\r" }.filter(\.isNumber))) ?? 0
            }
            let headerBytes = end.upperBound - view.startIndex
            guard buffer.readableBytes >= headerBytes + bodyLength else { return }
            buffer.moveReaderIndex(forwardBy: headerBytes + bodyLength)
            acked += 1
            let status = head.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
            if !status.hasPrefix("2") { note("http status \(status)") }
        }
    }

    private func note(_ error: String) {
        if errors.count < 10 { errors.append(error) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        note("\(error)")
        context.close(promise: nil)
    }
}
