import NIOCore

/// A minimal RESP2 codec: commands out, replies and pub/sub pushes in.
public enum RESPValue: Sendable {
    case simple(String)
    case error(String)
    case integer(Int)
    case bulk(ByteBuffer?)
    case array([RESPValue]?)
}

public enum RESP {
    /// Appends `*N\r\n$len\r\narg\r\n…` to `out`.
    public static func writeCommand(_ args: [ByteBuffer], into out: inout ByteBuffer) {
        out.writeString("*\(args.count)\r\n")
        for var arg in args {
            out.writeString("$\(arg.readableBytes)\r\n")
            out.writeBuffer(&arg)
            out.writeStaticString("\r\n")
        }
    }

    public static func command(_ args: [String], allocator: ByteBufferAllocator = .init()) -> ByteBuffer {
        var out = allocator.buffer(capacity: 64)
        writeCommand(args.map { ByteBuffer(string: $0) }, into: &out)
        return out
    }

    /// Parses one value; nil (reader index untouched) when the buffer holds only part of it.
    public static func parse(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        let save = buffer.readerIndex
        do {
            if let v = try parseValue(&buffer) { return v }
        } catch { throw error }
        buffer.moveReaderIndex(to: save)
        return nil
    }

    private static func line(_ buffer: inout ByteBuffer) -> String? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")), cr + 1 < view.endIndex else { return nil }
        let s = buffer.readString(length: cr - view.startIndex)
        buffer.moveReaderIndex(forwardBy: 2)
        return s
    }

    private static func parseValue(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        guard let type: UInt8 = buffer.readInteger() else { return nil }
        guard let text = line(&buffer) else { return nil }
        switch type {
        case UInt8(ascii: "+"): return .simple(text)
        case UInt8(ascii: "-"): return .error(text)
        case UInt8(ascii: ":"):
            guard let n = Int(text) else { throw RESPError(message: "bad integer \(text)") }
            return .integer(n)
        case UInt8(ascii: "$"):
            guard let n = Int(text) else { throw RESPError(message: "bad bulk length \(text)") }
            if n < 0 { return .bulk(nil) }
            guard buffer.readableBytes >= n + 2, let body = buffer.readSlice(length: n) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulk(body)
        case UInt8(ascii: "*"):
            guard let n = Int(text) else { throw RESPError(message: "bad array length \(text)") }
            if n < 0 { return .array(nil) }
            var items: [RESPValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                guard let item = try parseValue(&buffer) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            throw RESPError(message: "unexpected RESP type byte \(type)")
        }
    }
}

public struct RESPError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { "RESP: \(message)" }
}

/// `redis://[:password@]host:port[/db]` → host, port (password and db are not needed on loopback).
public struct RedisAddress: Sendable {
    public let host: String
    public let port: Int
    public let password: String?

    public init(url: String) throws {
        guard url.hasPrefix("redis://") else { throw RESPError(message: "redis url must start with redis://: \(url)") }
        var rest = Substring(url.dropFirst("redis://".count))
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let cred = rest[..<at]
            password = String(cred.split(separator: ":", maxSplits: 1).last ?? "")
            rest = rest[rest.index(after: at)...]
        }
        let hostPort = rest.split(separator: "/", maxSplits: 1).first ?? "127.0.0.1:6379"
        let parts = hostPort.split(separator: ":")
        host = parts.first.map(String.init) ?? "127.0.0.1"
        port = parts.count > 1 ? Int(parts[1]) ?? 6379 : 6379
        self.password = password?.isEmpty == true ? nil : password
    }
}
