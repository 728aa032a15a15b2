import NIOCore

/// Encodes server-to-client WebSocket frames (unmasked) straight into bytes, so one event is
/// encoded once and the same buffer is written to every recipient.
enum ServerFrame {
    enum Opcode: UInt8 {
        case text = 0x1
        case close = 0x8
        case ping = 0x9
        case pong = 0xA
    }

    /// A complete text frame: header followed by `payload`.
    static func text(_ payload: ByteBuffer) -> ByteBuffer {
        frame(.text, payload: payload)
    }

    /// A complete text frame for a UTF-8 string.
    static func text(_ payload: String) -> ByteBuffer {
        frame(.text, payload: ByteBuffer(string: payload))
    }

    /// A close frame with `code` and a short reason, trimmed on a character boundary to fit a
    /// control frame.
    static func close(code: UInt16, reason: String) -> ByteBuffer {
        var payload = ByteBuffer()
        payload.writeInteger(code)
        var trimmed = Substring(reason)
        while trimmed.utf8.count > 120 { trimmed = trimmed.dropLast() }
        payload.writeString(String(trimmed))
        return frame(.close, payload: payload)
    }

    static func ping() -> ByteBuffer { frame(.ping, payload: ByteBuffer()) }

    static func pong(_ payload: ByteBuffer) -> ByteBuffer { frame(.pong, payload: payload) }

    /// Size of the header `frame` puts in front of a payload of `length` bytes.
    static func headerLength(forPayload length: Int) -> Int {
        length < 126 ? 2 : (length <= Int(UInt16.max) ? 4 : 10)
    }

    static func frame(_ opcode: Opcode, payload: ByteBuffer) -> ByteBuffer {
        let length = payload.readableBytes
        var buffer = ByteBuffer()
        buffer.reserveCapacity(headerLength(forPayload: length) + length)
        buffer.writeInteger(0x80 | opcode.rawValue)
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
        buffer.writeImmutableBuffer(payload)
        return buffer
    }
}
