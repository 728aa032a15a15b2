import NIOCore
import Testing
@testable import Bridge

/// hiredis as the codec: commands encoded binary-safe, replies parsed from any split of the input.
@Suite("RESP codec")
struct RESPCodecTests {
    @Test("a command with a NUL byte is encoded with its exact length")
    func encodeBinary() throws {
        var buffer = ByteBuffer()
        try RedisCommand([Array("SET".utf8), Array("k".utf8), [97, 0, 98]]).encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na".utf8) + [0] + Array("b\r\n".utf8))
    }

    @Test("a reply fed one byte at a time appears only when complete, NUL bytes intact")
    func splitAtEveryByte() throws {
        let parser = try RedisReplyParser(maxBufferedBytes: 1024)
        let payload: [UInt8] = [0, 1, 0, 255, 13, 10]
        let bytes = RESPBytes.message(payload)
        for (index, byte) in bytes.enumerated() {
            try parser.feed(ByteBuffer(bytes: [byte]))
            let reply = try parser.nextReply()
            if index < bytes.count - 1 {
                #expect(reply == nil, "a reply after \(index + 1) of \(bytes.count) bytes")
            } else {
                #expect(reply == .array([.string(Array("message".utf8)), .string(Array("ch".utf8)), .string(payload)]))
            }
        }
        #expect(parser.pendingBytes == 0)
    }

    @Test("two replies and half of a third in one read: two now, the third after the rest")
    func severalPerRead() throws {
        let parser = try RedisReplyParser(maxBufferedBytes: 1024)
        let third = Array("$5\r\nthird\r\n".utf8)
        try parser.feed(ByteBuffer(bytes: Array(":1\r\n+OK\r\n".utf8) + third.prefix(6)))
        #expect(try parser.nextReply() == .integer(1))
        #expect(try parser.nextReply() == .string(Array("OK".utf8)))
        #expect(try parser.nextReply() == nil)
        try parser.feed(ByteBuffer(bytes: Array(third.dropFirst(6))))
        #expect(try parser.nextReply() == .string(Array("third".utf8)))
    }

    @Test("unparsed input past the bound is refused")
    func bound() throws {
        let parser = try RedisReplyParser(maxBufferedBytes: 32)
        try parser.feed(ByteBuffer(bytes: Array("$100\r\n".utf8) + [UInt8](repeating: 120, count: 20)))
        #expect(throws: RedisError.self) { try parser.feed(ByteBuffer(bytes: [UInt8](repeating: 120, count: 20))) }
    }

    @Test("a protocol error is an error, not a reply")
    func protocolError() throws {
        let parser = try RedisReplyParser(maxBufferedBytes: 1024)
        try parser.feed(ByteBuffer(bytes: Array("?what\r\n".utf8)))
        #expect(throws: RedisError.self) { try parser.nextReply() }
    }
}
