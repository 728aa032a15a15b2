/// A WebSocket client on a `RawSocket` with no codec in between: it upgrades with any headers,
/// reports the HTTP status the server answered (101, 403, 503…), sends whatever frame bytes a
/// test builds with `RawFrame`, and reads the server's frames, close code included.
final class RawWebSocket {
    let socket: RawSocket
    /// The status code of the server's answer to the upgrade request.
    let status: Int
    /// The server's answer to the upgrade, head only.
    let head: String

    private init(socket: RawSocket, status: Int, head: String) {
        self.socket = socket
        self.status = status
        self.head = head
    }

    /// Sends the upgrade for `path` with `headers` (added to Host, Upgrade, Connection, key and
    /// version) and reads the answer's head; bytes after it stay buffered as frames.
    static func connect(
        port: Int, path: String, headers: [(String, String)] = [], receiveBuffer: Int? = nil,
        timeout: Duration = .seconds(5)
    ) async throws -> RawWebSocket {
        let socket = try RawSocket(port: port, receiveBuffer: receiveBuffer)
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try await socket.send(request + "\r\n")
        let separator = Array("\r\n\r\n".utf8)
        let complete = await socket.read(until: { $0.firstRange(of: separator) != nil }, timeout: timeout)
        guard complete, let end = socket.buffer.firstRange(of: separator)?.upperBound else {
            throw SupportError("no complete answer to the upgrade of \(path) within \(timeout.seconds) s: \(socket.text)")
        }
        let head = String(decoding: socket.consume(end), as: UTF8.self)
        let statusText = head.split(separator: " ", maxSplits: 2).dropFirst().first ?? ""
        guard let status = Int(statusText) else { throw SupportError("not an HTTP answer: \(head)") }
        return RawWebSocket(socket: socket, status: status, head: head)
    }

    /// `connect`, requiring 101 and then `bridge:welcome` as the first frame.
    static func session(port: Int, token: String, receiveBuffer: Int? = nil) async throws -> RawWebSocket {
        let ws = try await connect(port: port, path: "/ws?token=\(token)", receiveBuffer: receiveBuffer)
        guard ws.status == 101 else { throw SupportError("upgrade answered \(ws.status): \(ws.head)") }
        let welcome = try await ws.nextText()
        guard welcome["type"]?.string == "bridge:welcome" else { throw SupportError("first frame is not the welcome: \(welcome)") }
        return ws
    }

    func send(_ frame: RawFrame) async throws {
        try await socket.send(frame.bytes)
    }

    func send(_ frames: [RawFrame]) async throws {
        try await socket.send(frames.flatMap(\.bytes))
    }

    /// The next whole frame, waiting at most `timeout`; nil when the connection ended first.
    func nextFrame(timeout: Duration = .seconds(5)) async throws -> RawFrame? {
        var parsed: (frame: RawFrame, length: Int)?
        let got = await socket.read(until: { parsed = RawFrame.parse($0); return parsed != nil }, timeout: timeout)
        if let parsed {
            _ = socket.consume(parsed.length)
            return parsed.frame
        }
        if !got && !socket.peerClosed { throw SupportError("no frame within \(timeout.seconds) s") }
        return nil
    }

    /// The next text frame as JSON, skipping control frames.
    func nextText(timeout: Duration = .seconds(5)) async throws -> JSONValue {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while let frame = try await nextFrame(timeout: ContinuousClock.now.duration(to: deadline)) {
            if frame.opcode == .text { return try JSONValue.parse(frame.payload) }
            if frame.opcode == .close { throw SupportError("closed with \(frame.closeCode ?? 0) while waiting for text") }
        }
        throw SupportError("connection ended while waiting for text")
    }

    /// Reads frames until the server's close frame (answering its code) or the end of the
    /// connection (nil: closed without a close frame). Throws if still open after `timeout`.
    func closeCode(timeout: Duration = .seconds(5)) async throws -> UInt16? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while let frame = try await nextFrame(timeout: ContinuousClock.now.duration(to: deadline)) {
            if frame.opcode == .close { return frame.closeCode }
        }
        return nil
    }

    func close() { socket.close() }
}
