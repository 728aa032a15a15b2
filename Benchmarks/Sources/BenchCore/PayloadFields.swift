#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A literal byte string to find in payloads without decoding them. It anchors on a rare byte
/// of the needle (`_`, `:`) and lets `memchr` skip to each candidate, then compares.
public struct ByteNeedle: Sendable {
    let bytes: [UInt8]
    let anchor: Int

    public init(_ text: String) {
        bytes = Array(text.utf8)
        anchor = bytes.firstIndex(of: UInt8(ascii: "_")) ?? bytes.firstIndex(of: UInt8(ascii: ":")) ?? 0
    }

    /// Offset of the first occurrence in `payload`, or nil.
    public func firstOffset(in payload: UnsafeRawBufferPointer) -> Int? {
        guard let base = payload.baseAddress, payload.count >= bytes.count else { return nil }
        let n = payload.count
        let a = bytes[anchor]
        var from = anchor
        return bytes.withUnsafeBufferPointer { needle -> Int? in
            while from <= n - (bytes.count - anchor) {
                guard let hit = memchr(base + from, Int32(a), n - from) else { return nil }
                let pos = UnsafeRawPointer(hit) - base
                let start = pos - anchor
                if start + needle.count <= n, memcmp(base + start, needle.baseAddress!, needle.count) == 0 { return start }
                from = pos + 1
            }
            return nil
        }
    }
}

/// Reads the unsigned integer that follows `"key":` in a frame's payload, or `\"key\":` where the
/// object is itself a JSON string (a Pusher event's `data`). nil when absent.
public struct FieldScanner: Sendable {
    private let needle: ByteNeedle
    private let escapedNeedle: ByteNeedle
    public init(_ key: String) {
        needle = ByteNeedle("\"\(key)\":")
        escapedNeedle = ByteNeedle("\\\"\(key)\\\":")
    }

    public func value(in payload: UnsafeRawBufferPointer) -> UInt64? {
        let found = needle.firstOffset(in: payload).map { $0 + needle.bytes.count }
            ?? escapedNeedle.firstOffset(in: payload).map { $0 + escapedNeedle.bytes.count }
        guard let found else { return nil }
        var i = found
        var value: UInt64 = 0
        var digits = 0
        while i < payload.count, payload[i] >= 0x30, payload[i] <= 0x39 {
            value = value &* 10 &+ UInt64(payload[i] - 0x30)
            i += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

/// Whether `payload` contains `needle`.
public func payloadContains(_ payload: UnsafeRawBufferPointer, _ needle: ByteNeedle) -> Bool {
    needle.firstOffset(in: payload) != nil
}
