import BenchCore

/// What one text frame from the bridge is, read from its bytes without decoding the JSON:
/// event frames start with `{"id":"<milliseconds>-<sequence>"` (the shared log's id); bridge frames hold `"type":"bridge:…"`
/// wherever the encoder puts it (their keys are sorted, so `type` is not first).
enum SoakFrame {
    case event(epoch: UInt64, seq: UInt64, soakSeq: UInt32?)
    case welcome(sessionId: String)
    case resumed(missed: Int)
    case resync
    case error
    case pong
    case other

    private static let eventPrefix = Array(#"{"id":""#.utf8)
    private static let bridgeType = ByteNeedle(#""type":"bridge:"#)
    private static let bridgeTypeLength = #""type":"bridge:"#.utf8.count
    private static let soakSeq = FieldScanner("soak_seq")
    private static let missed = FieldScanner("missed")
    private static let sessionIdNeedle = ByteNeedle(#""session_id":""#)

    static func read(_ p: UnsafeRawBufferPointer) -> SoakFrame {
        if hasPrefix(p, eventPrefix) {
            var i = eventPrefix.count
            guard let epoch = digits(p, &i), i < p.count, p[i] == UInt8(ascii: "-") else { return .other }
            i += 1
            guard let seq = digits(p, &i) else { return .other }
            return .event(epoch: epoch, seq: seq, soakSeq: soakSeq.value(in: p).map { UInt32(truncatingIfNeeded: $0) })
        }
        guard let at = bridgeType.firstOffset(in: p) else { return .other }
        let start = at + bridgeTypeLength
        func word(_ w: String) -> Bool {
            let bytes = Array(w.utf8)
            guard p.count - start >= bytes.count else { return false }
            for (k, b) in bytes.enumerated() where p[start + k] != b { return false }
            return true
        }
        if word("welcome\"") { return .welcome(sessionId: sessionId(p)) }
        if word("resumed\"") { return .resumed(missed: Int(missed.value(in: p) ?? 0)) }
        if word("resync\"") { return .resync }
        if word("error\"") { return .error }
        if word("pong\"") { return .pong }
        return .other
    }

    private static func hasPrefix(_ p: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard p.count >= prefix.count else { return false }
        for k in 0..<prefix.count where p[k] != prefix[k] { return false }
        return true
    }

    private static func digits(_ p: UnsafeRawBufferPointer, _ i: inout Int) -> UInt64? {
        var v: UInt64 = 0
        let start = i
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { v = v &* 10 &+ UInt64(p[i] - 0x30); i += 1 }
        return i > start ? v : nil
    }

    private static func sessionId(_ p: UnsafeRawBufferPointer) -> String {
        guard let at = sessionIdNeedle.firstOffset(in: p) else { return "" }
        var i = at + 14
        var out: [UInt8] = []
        while i < p.count, p[i] != UInt8(ascii: "\"") { out.append(p[i]); i += 1 }
        return String(decoding: out, as: UTF8.self)
    }
}
