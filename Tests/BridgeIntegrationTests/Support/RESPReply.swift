import NIOCore

/// A Redis reply, parsed from RESP2 just far enough for PING, PUBLISH and EVAL.
indirect enum RESPReply: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8]?)
    case array([RESPReply]?)

    /// Encodes a command as a RESP array of bulk strings (binary safe).
    static func command(_ arguments: [[UInt8]]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.count)\r\n")
            buffer.writeBytes(argument)
            buffer.writeString("\r\n")
        }
        return buffer
    }

    /// Parses one reply from the front of `buffer`; nil (and `buffer` untouched) when incomplete.
    static func parse(_ buffer: inout ByteBuffer) throws -> RESPReply? {
        var copy = buffer
        guard let reply = try parseOne(&copy) else { return nil }
        buffer = copy
        return reply
    }

    private static func parseOne(_ buffer: inout ByteBuffer) throws -> RESPReply? {
        guard let line = readLine(&buffer), let marker = line.first else { return nil }
        let rest = String(line.dropFirst())
        switch marker {
        case "+": return .simple(rest)
        case "-": return .error(rest)
        case ":": return .integer(Int(rest) ?? 0)
        case "$":
            guard let length = Int(rest) else { throw SupportError("bad RESP bulk length \(rest)") }
            if length < 0 { return .bulk(nil) }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readBytes(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulk(bytes)
        case "*":
            guard let count = Int(rest) else { throw SupportError("bad RESP array length \(rest)") }
            if count < 0 { return .array(nil) }
            var items: [RESPReply] = []
            for _ in 0..<count {
                guard let item = try parseOne(&buffer) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            throw SupportError("unexpected RESP marker \(marker)")
        }
    }

    private static func readLine(_ buffer: inout ByteBuffer) -> String? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")), view.index(after: cr) < view.endIndex else { return nil }
        let length = cr - view.startIndex
        let line = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }
}
