import NIOCore
import NIOWebSocket

extension WSClient {
    /// Sends one masked text frame.
    func send(_ text: String) {
        sendFrame(.text, data: ByteBuffer(string: text))
    }

    func send(json: JSONValue) {
        send(json.text)
    }

    /// Sends a single text frame of `byteCount` bytes (a JSON string padded with spaces).
    func sendOversizedText(byteCount: Int) {
        var buffer = ByteBuffer(string: "{\"type\":\"bridge:ping\",\"pad\":\"")
        buffer.writeRepeatingByte(UInt8(ascii: "x"), count: max(0, byteCount - buffer.readableBytes - 2))
        buffer.writeString("\"}")
        sendFrame(.text, data: buffer)
    }

    /// Sends a WebSocket (protocol level) ping.
    func sendPing() {
        sendFrame(.ping, data: ByteBuffer(string: "itest"))
    }

    /// Stops reading from the socket: what the bridge sends piles up in kernel buffers, then in
    /// the bridge's own queue for this session.
    func stopReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: false).get()
    }

    func resumeReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: true).get()
        channel.read()
    }

    /// Sends a normal close (1000) and closes the socket.
    func close() {
        var data = ByteBuffer()
        data.writeInteger(UInt16(1000))
        sendFrame(.connectionClose, data: data)
        channel.close(promise: nil)
    }

    private func sendFrame(_ opcode: WebSocketOpcode, data: ByteBuffer) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        channel.writeAndFlush(frame, promise: nil)
    }
}
