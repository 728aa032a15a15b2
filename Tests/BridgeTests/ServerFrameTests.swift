import NIOCore
import Testing
@testable import Bridge

/// RFC 6455 §5.2 server frames: unmasked, FIN set, 7-bit / 16-bit / 64-bit payload lengths.
@Suite("Server frames")
struct ServerFrameTests {
    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    @Test("header length by payload length", arguments: [
        (0, 2), (1, 2), (125, 2), (126, 4), (127, 4), (65535, 4), (65536, 10), (1_048_576, 10),
    ])
    func headerLength(payload: Int, header: Int) {
        #expect(ServerFrame.headerLength(forPayload: payload) == header)
    }

    @Test("text frames carry their length in the right form, then the payload unmasked", arguments: [
        (0, [0x81, 0x00] as [UInt8]),
        (125, [0x81, 125]),
        (126, [0x81, 126, 0x00, 0x7E]),
        (65535, [0x81, 126, 0xFF, 0xFF]),
        (65536, [0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]),
    ])
    func textFrame(length: Int, header: [UInt8]) {
        let payload = String(repeating: "a", count: length)
        let frame = Self.bytes(ServerFrame.text(payload))
        #expect(frame.count == header.count + length)
        #expect(Array(frame.prefix(header.count)) == header)
        #expect(frame.dropFirst(header.count).allSatisfy { $0 == UInt8(ascii: "a") })
        #expect(header.count == ServerFrame.headerLength(forPayload: length))
    }

    @Test("a text frame from a ByteBuffer equals one from the same string")
    func textFromBuffer() {
        let json = #"{"type":"bridge:pong"}"#
        #expect(ServerFrame.text(ByteBuffer(string: json)) == ServerFrame.text(json))
        #expect(Self.bytes(ServerFrame.text(json)) == [0x81, UInt8(json.utf8.count)] + Array(json.utf8))
    }

    @Test("close frames put the code first, big-endian", arguments: [
        (CloseCode.unauthorized, [0x0F, 0xA1] as [UInt8]),
        (CloseCode.userBlocked, [0x0F, 0xA3]),
        (CloseCode.tooManyConnections, [0x0F, 0xA4]),
        (CloseCode.slowConsumer, [0x10, 0x04]),
        (CloseCode.shuttingDown, [0x10, 0x68]),
        (CloseCode.noPong, [0x10, 0x69]),
        (CloseCode.frameTooLarge, [0x03, 0xF1]),
    ])
    func closeCode(code: UInt16, codeBytes: [UInt8]) {
        let frame = Self.bytes(ServerFrame.close(code: code, reason: "bye"))
        #expect(frame == [0x88, 5] + codeBytes + Array("bye".utf8))
    }

    @Test("the close codes of docs/protocol.md#frames")
    func closeCodeValues() {
        #expect([CloseCode.unauthorized, CloseCode.userBlocked, CloseCode.tooManyConnections, CloseCode.slowConsumer,
                 CloseCode.shuttingDown, CloseCode.noPong, CloseCode.frameTooLarge] == [4001, 4003, 4004, 4100, 4200, 4201, 1009])
    }

    @Test("a long close reason is trimmed so the control frame stays within 125 bytes")
    func longCloseReason() {
        let frame = Self.bytes(ServerFrame.close(code: CloseCode.unauthorized, reason: String(repeating: "r", count: 300)))
        #expect(frame[0] == 0x88)
        #expect(frame[1] <= 125)
        #expect(frame.count == 2 + Int(frame[1]))
    }

    @Test("a trimmed close reason stays valid UTF-8 (RFC 6455 §5.5.1; clients fail the connection otherwise)",
          arguments: [0, 1])
    func trimmedReasonIsUTF8(asciiLead: Int) throws {
        let reason = String(repeating: "a", count: asciiLead) + String(repeating: "ё", count: 100)
        let frame = Self.bytes(ServerFrame.close(code: CloseCode.unauthorized, reason: reason))
        #expect(frame[1] <= 125)
        let reasonBytes = Array(frame.dropFirst(4))
        #expect(String(validating: reasonBytes, as: UTF8.self) != nil, "reason cut inside a character: \(reasonBytes.suffix(3))")
    }

    @Test("ping and pong are control frames; pong echoes its payload")
    func pingPong() {
        #expect(Self.bytes(ServerFrame.ping()) == [0x89, 0x00])
        #expect(Self.bytes(ServerFrame.pong(ByteBuffer(string: "abc"))) == [0x8A, 3] + Array("abc".utf8))
    }
}
