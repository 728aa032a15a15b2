/// One WebSocket frame as bytes on the wire, built bit by bit so a test can break any rule of
/// RFC 6455 (no mask, RSV bits, invalid UTF-8, odd fragmentation), and parsed back from the server.
struct RawFrame: Sendable, Equatable {
    enum Opcode: UInt8, Sendable {
        case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA
    }

    var fin = true
    /// The three RSV bits as they sit in the first byte: 0x40 (RSV1), 0x20 (RSV2), 0x10 (RSV3).
    var rsv: UInt8 = 0
    var opcode: Opcode
    var payload: [UInt8]
    /// Clients must mask; `false` sends the payload in clear, which the server must refuse.
    var masked = true

    init(fin: Bool = true, rsv: UInt8 = 0, opcode: Opcode, payload: [UInt8], masked: Bool = true) {
        self.fin = fin
        self.rsv = rsv
        self.opcode = opcode
        self.payload = payload
        self.masked = masked
    }

    static func text(_ text: String, fin: Bool = true) -> RawFrame {
        RawFrame(fin: fin, opcode: .text, payload: Array(text.utf8))
    }

    /// The close code of a close frame (1005 when it carries none).
    var closeCode: UInt16? {
        guard opcode == .close else { return nil }
        guard payload.count >= 2 else { return 1005 }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    var text: String { String(decoding: payload, as: UTF8.self) }

    /// The frame's wire bytes, masked with a random key unless `masked` is false.
    var bytes: [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | (rsv & 0x70) | opcode.rawValue]
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch payload.count {
        case ..<126:
            out.append(maskBit | UInt8(payload.count))
        case ..<65536:
            out.append(maskBit | 126)
            out += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            out.append(maskBit | 127)
            out += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        guard masked else { return out + payload }
        let key = (0..<4).map { _ in UInt8.random(in: 0...255) }
        out += key
        out += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        return out
    }

    /// Parses one frame from the front of `bytes`; answers it and its length, or nil when
    /// `bytes` does not hold a whole frame yet.
    static func parse(_ bytes: [UInt8]) -> (frame: RawFrame, length: Int)? {
        guard bytes.count >= 2 else { return nil }
        var offset = 2
        var length = Int(bytes[1] & 0x7F)
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        let masked = bytes[1] & 0x80 != 0
        let key = masked ? Array(bytes[offset..<min(offset + 4, bytes.count)]) : []
        if masked { offset += 4 }
        guard bytes.count >= offset + length, key.count == (masked ? 4 : 0) else { return nil }
        var payload = Array(bytes[offset..<offset + length])
        if masked { payload = payload.enumerated().map { $0.element ^ key[$0.offset % 4] } }
        let opcode = Opcode(rawValue: bytes[0] & 0x0F) ?? .binary
        let frame = RawFrame(fin: bytes[0] & 0x80 != 0, rsv: bytes[0] & 0x70, opcode: opcode, payload: payload, masked: masked)
        return (frame, offset + length)
    }
}
