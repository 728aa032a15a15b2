import Foundation

/// One entry of the log as Redis returns it (docs/architecture.md#the-shared-log). Fields: `m`
/// the envelope JSON; `c` the channels one publication arrived on, as a JSON array (pub/sub
/// input only) and `p` their patterns ("" for none; omitted when there are none); `o` = `http`
/// for `/broadcast`; `g` marks a gap (pub/sub input may have been missed there).
struct LogEntry: Sendable, Equatable {
    let id: StreamID
    var payload: [UInt8]?
    /// The channels the publication arrived on, each with the pattern that matched it; empty
    /// for messages that were not published on a channel.
    var copies: [PublishedPayload] = []
    var cameOverHTTP = false
    var isGap = false

    init(id: StreamID, payload: [UInt8]? = nil, copies: [PublishedPayload] = [], cameOverHTTP: Bool = false, isGap: Bool = false) {
        self.id = id
        self.payload = payload
        self.copies = copies
        self.cameOverHTTP = cameOverHTTP
        self.isGap = isGap
    }

    /// Reads `[id, [field, value, …]]`; nil for anything else.
    init?(_ reply: RedisReply) {
        guard case .array(let parts) = reply, parts.count == 2, let text = parts[0].text,
              let id = StreamID(text), case .array(let fields) = parts[1] else { return nil }
        self.init(id: id)
        var channels: [String] = []
        var patterns: [String] = []
        for pair in stride(from: 0, to: fields.count - 1, by: 2) {
            guard case .string(let value) = fields[pair + 1] else { continue }
            switch fields[pair].text {
            case "m": payload = value
            case "c": channels = Self.strings(value)
            case "p": patterns = Self.strings(value)
            case "o": cameOverHTTP = value == Array("http".utf8)
            case "g": isGap = true
            default: break
            }
        }
        if let payload {
            copies = channels.enumerated().map { index, channel in
                let pattern = index < patterns.count && !patterns[index].isEmpty ? patterns[index] : nil
                return PublishedPayload(channel: channel, pattern: pattern, bytes: payload)
            }
        }
    }

    /// A JSON array of strings; anything else is read as one plain name.
    private static func strings(_ value: [UInt8]) -> [String] {
        if let list = try? JSONDecoder().decode([String].self, from: Data(value)) { return list }
        return [String(decoding: value, as: UTF8.self)]
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
