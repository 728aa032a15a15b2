/// One entry of the log as Redis returns it. Fields: `m` the envelope JSON; `c` and `p` the
/// channel and pattern it was published on (pub/sub input only); `o` = `http` for `/broadcast`;
/// `g` marks a gap (pub/sub input may have been missed around it).
struct LogEntry: Sendable, Equatable {
    let id: StreamID
    var payload: [UInt8]?
    var channel: String?
    var pattern: String?
    var cameOverHTTP = false
    var isGap = false

    init(id: StreamID, payload: [UInt8]? = nil, channel: String? = nil, pattern: String? = nil,
         cameOverHTTP: Bool = false, isGap: Bool = false) {
        self.id = id
        self.payload = payload
        self.channel = channel
        self.pattern = pattern
        self.cameOverHTTP = cameOverHTTP
        self.isGap = isGap
    }

    /// Reads `[id, [field, value, …]]`; nil for anything else.
    init?(_ reply: RedisReply) {
        guard case .array(let parts) = reply, parts.count == 2, let text = parts[0].text,
              let id = StreamID(text), case .array(let fields) = parts[1] else { return nil }
        self.init(id: id)
        for pair in stride(from: 0, to: fields.count - 1, by: 2) {
            guard case .string(let value) = fields[pair + 1] else { continue }
            switch fields[pair].text {
            case "m": payload = value
            case "c": channel = String(decoding: value, as: UTF8.self)
            case "p": pattern = String(decoding: value, as: UTF8.self)
            case "o": cameOverHTTP = value == Array("http".utf8)
            case "g": isGap = true
            default: break
            }
        }
    }

    /// The entries of an XRANGE/XREVRANGE reply, or of the one stream in an XREAD reply.
    static func entries(ofRange reply: RedisReply) -> [LogEntry] {
        guard case .array(let items) = reply else { return [] }
        return items.compactMap(LogEntry.init)
    }

    static func entries(ofRead reply: RedisReply) -> [LogEntry] {
        guard case .array(let streams) = reply, case .array(let stream)? = streams.first, stream.count == 2 else { return [] }
        return entries(ofRange: stream[1])
    }
}
