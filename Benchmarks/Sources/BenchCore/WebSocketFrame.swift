import NIOCore

/// The few pieces of RFC 6455 the benchmark needs, written for zero per-frame allocation.
public enum WebSocketFrame {
    public static let opText: UInt8 = 0x1
    public static let opClose: UInt8 = 0x8
    public static let opPing: UInt8 = 0x9
    public static let opPong: UInt8 = 0xA

    /// A server frame (unmasked, FIN) with `payload`, header and payload in one buffer.
    public static func serverFrame(opcode: UInt8 = opText, payload: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: payload.readableBytes + 10)
        writeHeader(opcode: opcode, length: payload.readableBytes, masked: false, into: &out)
        var p = payload
        out.writeBuffer(&p)
        return out
    }

    /// A client frame, masked with an all-zero key (a valid key that leaves the payload as is).
    public static func clientFrame(opcode: UInt8, payload: ByteBufferView, allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: payload.count + 14)
        writeHeader(opcode: opcode, length: payload.count, masked: true, into: &out)
        out.writeInteger(UInt32(0))
        out.writeBytes(payload)
        return out
    }

    public static func writeHeader(opcode: UInt8, length: Int, masked: Bool, into out: inout ByteBuffer) {
        out.writeInteger(0x80 | opcode)
        let mask: UInt8 = masked ? 0x80 : 0
        if length < 126 {
            out.writeInteger(mask | UInt8(length))
        } else if length <= 0xFFFF {
            out.writeInteger(mask | 126)
            out.writeInteger(UInt16(length))
        } else {
            out.writeInteger(mask | 127)
            out.writeInteger(UInt64(length))
        }
    }
}

/// Splits a byte stream into WebSocket frames. Complete frames are handed out as raw pointers
/// into the read buffer; only a frame split across reads is copied (into `pending`).
public struct WebSocketFrameScanner {
    private var pending: ByteBuffer?
    public init() {}

    /// Calls `onFrame(opcode, payload)` for every complete frame in `buffer`.
    /// Returns false when the stream is malformed (the caller should close).
    public mutating func scan(_ buffer: inout ByteBuffer, _ onFrame: (UInt8, UnsafeRawBufferPointer) -> Void) -> Bool {
        if var p = pending {
            pending = nil
            p.writeBuffer(&buffer)
            return scanOwned(&p, onFrame)
        }
        return scanOwned(&buffer, onFrame)
    }

    private mutating func scanOwned(_ buffer: inout ByteBuffer, _ onFrame: (UInt8, UnsafeRawBufferPointer) -> Void) -> Bool {
        let (consumed, ok) = buffer.withUnsafeReadableBytes { raw -> (Int, Bool) in
            var offset = 0
            let n = raw.count
            while n - offset >= 2 {
                let b0 = raw[offset], b1 = raw[offset + 1]
                let masked = b1 & 0x80 != 0
                var len = Int(b1 & 0x7F)
                var header = 2
                if len == 126 {
                    guard n - offset >= 4 else { break }
                    len = Int(raw[offset + 2]) << 8 | Int(raw[offset + 3])
                    header = 4
                } else if len == 127 {
                    guard n - offset >= 10 else { break }
                    var v = 0
                    for i in 0..<8 { v = v << 8 | Int(raw[offset + 2 + i]) }
                    guard v >= 0, v < 1 << 30 else { return (offset, false) }
                    len = v
                    header = 10
                }
                if masked { header += 4 }
                guard n - offset >= header + len else { break }
                let start = offset + header
                onFrame(b0 & 0x0F, UnsafeRawBufferPointer(rebasing: raw[start..<start + len]))
                offset = start + len
            }
            return (offset, true)
        }
        guard ok else { return false }
        buffer.moveReaderIndex(forwardBy: consumed)
        if buffer.readableBytes > 0 {
            var copy = ByteBufferAllocator().buffer(capacity: Swift.max(buffer.readableBytes * 2, 4096))
            copy.writeBuffer(&buffer)
            pending = copy
        }
        return true
    }
}
