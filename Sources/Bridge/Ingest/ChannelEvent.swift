import Foundation

/// A message as Pusher connections receive it (docs/pusher.md): the event name as Laravel or the
/// HTTP API gave it, its data as the JSON text Pusher sends in `data`, the channels it was
/// published on (Laravel's Redis prefix stripped), the socket id it must not reach, and for a
/// client event on a presence channel the sender's user id.
struct ChannelEvent: Sendable, Equatable {
    var name: String
    var data: String
    var channels: [String]
    var excludedSocket: String?
    /// The presence `user_id` of a client event's sender, sent as `"user_id"` (Pusher does so on
    /// presence channels).
    var userId: String?

    init(name: String, data: String, channels: [String], excludedSocket: String? = nil, userId: String? = nil) {
        self.name = name
        self.data = data
        self.channels = channels
        self.excludedSocket = excludedSocket
        self.userId = userId
    }

    /// Adds the channels of another copy of the same publication, each once.
    mutating func join(channels other: [String]) {
        for channel in other where !channels.contains(channel) { channels.append(channel) }
    }

    /// `data` of a Laravel envelope as Pusher sends it: JSON text with sorted keys, so every node
    /// sends the same bytes.
    static func text(of data: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let encoded = try? encoder.encode(data) else { return "{}" }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The envelope an event of the Pusher HTTP API is appended to the log with (by
    /// `LogWriter.append(envelopes:)`, origin `http`): `{"pusher_event":{"name","data","channels",
    /// "socket","user_id"}}`. `/broadcast` refuses this shape, so only the Pusher API writes it.
    var logEnvelope: [UInt8] {
        var fields: [String: JSONValue] = ["name": .string(name), "data": .string(data), "channels": .array(channels.map(JSONValue.string))]
        if let excludedSocket { fields["socket"] = .string(excludedSocket) }
        if let userId { fields["user_id"] = .string(userId) }
        return Array(JSONText.object([Self.envelopeKey: .object(fields)]).utf8)
    }

    static let envelopeKey = "pusher_event"
    private static let envelopeStart = Array("{\"\(envelopeKey)\":".utf8)

    /// Reads an envelope `logEnvelope` wrote; nil for anything else (told apart by its first bytes).
    static func fromLog(_ payload: [UInt8]) -> ChannelEvent? {
        guard payload.starts(with: envelopeStart), let json = try? JSONDecoder().decode(JSONValue.self, from: Data(payload)),
              case .object(let fields)? = json[envelopeKey], case .string(let name)? = fields["name"],
              case .string(let data)? = fields["data"], case .array(let list)? = fields["channels"] else { return nil }
        let channels = list.compactMap { if case .string(let channel) = $0 { channel } else { nil } }
        guard !channels.isEmpty, channels.count == list.count else { return nil }
        var socket: String?
        if case .string(let value)? = fields["socket"], !value.isEmpty { socket = value }
        var userId: String?
        if case .string(let value)? = fields["user_id"], !value.isEmpty { userId = value }
        return ChannelEvent(name: name, data: data, channels: channels, excludedSocket: socket, userId: userId)
    }
}
