/// RESP as a server writes it, for feeding parsers and handlers by hand.
enum RESPBytes {
    static func bulk(_ bytes: [UInt8]) -> [UInt8] {
        Array("$\(bytes.count)\r\n".utf8) + bytes + Array("\r\n".utf8)
    }

    static func array(_ items: [[UInt8]]) -> [UInt8] {
        Array("*\(items.count)\r\n".utf8) + items.flatMap { $0 }
    }

    /// A `message` push on `channel`.
    static func message(_ payload: [UInt8], on channel: String = "ch") -> [UInt8] {
        array([bulk(Array("message".utf8)), bulk(Array(channel.utf8)), bulk(payload)])
    }
}
