import BenchCore

/// Reads the few things the presence storm needs from a Pusher frame's bytes, without decoding
/// its JSON: which event it is, the socket id, the user ids of a members list or a member event.
/// User ids are the decimal user indexes the storm subscribes with.
enum StormFrame {
    enum Kind { case memberAdded, memberRemoved, subscribed, subscriptionError, established, ping, error, other }

    private static let memberAdded = ByteNeedle("pusher_internal:member_added")
    private static let memberRemoved = ByteNeedle("pusher_internal:member_removed")
    private static let subscribed = ByteNeedle("pusher_internal:subscription_succeeded")
    private static let subscriptionError = ByteNeedle("pusher:subscription_error")
    private static let established = ByteNeedle("pusher:connection_established")
    private static let ping = ByteNeedle("pusher:ping")
    private static let error = ByteNeedle("pusher:error")
    private static let userId = ByteNeedle("user_id")
    private static let socketId = ByteNeedle("socket_id")
    private static let ids = ByteNeedle("ids")

    static func kind(of payload: UnsafeRawBufferPointer) -> Kind {
        // Member events are nearly every frame of a storm: test them first.
        if payloadContains(payload, memberAdded) { return .memberAdded }
        if payloadContains(payload, memberRemoved) { return .memberRemoved }
        if payloadContains(payload, subscribed) { return .subscribed }
        if payloadContains(payload, subscriptionError) { return .subscriptionError }
        if payloadContains(payload, established) { return .established }
        if payloadContains(payload, ping) { return .ping }
        if payloadContains(payload, error) { return .error }
        return .other
    }

    /// The user index of a member event (`"user_id":"12"`, escaped inside `data`).
    static func userIndex(in payload: UnsafeRawBufferPointer) -> Int? {
        guard let at = userId.firstOffset(in: payload) else { return nil }
        var i = at + 7
        while i < payload.count, i < at + 14, !isDigit(payload[i]) { i += 1 }
        return number(in: payload, from: &i)
    }

    /// The `socket_id` of `pusher:connection_established` (`"41.7"`: digits and a dot).
    static func socketID(in payload: UnsafeRawBufferPointer) -> String? {
        guard let at = socketId.firstOffset(in: payload) else { return nil }
        var i = at + 9
        while i < payload.count, i < at + 16, !isDigit(payload[i]) { i += 1 }
        var out: [UInt8] = []
        while i < payload.count, isDigit(payload[i]) || payload[i] == UInt8(ascii: ".") { out.append(payload[i]); i += 1 }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with each user index of the members list's `ids` (up to its `]`); false
    /// when the list is missing.
    static func forEachListedIndex(in payload: UnsafeRawBufferPointer, _ body: (Int) -> Void) -> Bool {
        guard let at = ids.firstOffset(in: payload) else { return false }
        var i = at + 3
        while i < payload.count, payload[i] != UInt8(ascii: "[") { i += 1 }
        while i < payload.count, payload[i] != UInt8(ascii: "]") {
            if isDigit(payload[i]), let n = number(in: payload, from: &i) { body(n) } else { i += 1 }
        }
        return i < payload.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(in payload: UnsafeRawBufferPointer, from i: inout Int) -> Int? {
        var value = 0
        var digits = 0
        while i < payload.count, isDigit(payload[i]), digits < 12 {
            value = value * 10 + Int(payload[i] - 0x30)
            i += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
