import Foundation
import NIOCore

/// One text frame from a Pusher client, read (docs/pusher.md#connection): `{"event": …, "data": …}`
/// where `data` is an object or a JSON string holding one.
enum PusherClientFrame: Equatable, Sendable {
    case ping
    case pong
    case subscribe(channel: String, auth: String?, channelData: String?)
    case unsubscribe(channel: String)
    /// `pusher:signin`: the signed `auth` and the `user_data` JSON text it signs.
    case signin(auth: String?, userData: String?)
    /// A `client-…` event: its name, channel and `data` as the client sent it.
    case clientEvent(name: String, channel: String?, data: JSONValue?)
    /// Another `pusher:` event this server does not know.
    case unknown(String)
    /// Not a usable frame: what is wrong with it, for `pusher:error`.
    case malformed(String)
    case invalidUTF8

    static func parse(_ payload: ByteBuffer) -> PusherClientFrame {
        guard let text = payload.getString(at: payload.readerIndex, length: payload.readableBytes),
              text.utf8.elementsEqual(payload.readableBytesView) else { return .invalidUTF8 }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let fields) = json else {
            return .malformed("a frame must be a JSON object such as {\"event\":\"pusher:ping\",\"data\":{}}")
        }
        guard case .string(let event)? = fields["event"], !event.isEmpty else {
            return .malformed("a frame needs a string \"event\"")
        }
        let data = Self.object(fields["data"])
        switch event {
        case "pusher:ping": return .ping
        case "pusher:pong": return .pong
        case "pusher:signin": return .signin(auth: Self.string(data?["auth"]), userData: Self.string(data?["user_data"]))
        case "pusher:subscribe", "pusher:unsubscribe":
            guard case .string(let channel)? = data?["channel"], !channel.isEmpty else {
                return .malformed("\(event) needs data.channel, a channel name")
            }
            if event == "pusher:unsubscribe" { return .unsubscribe(channel: channel) }
            return .subscribe(channel: channel, auth: Self.string(data?["auth"]), channelData: Self.string(data?["channel_data"]))
        default:
            guard event.hasPrefix("client-") else { return .unknown(event) }
            return .clientEvent(name: event, channel: Self.string(fields["channel"]), data: fields["data"])
        }
    }

    /// `data` as an object: itself, or parsed from a JSON string.
    private static func object(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .object?: return value
        case .string(let text)?: return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        default: return nil
        }
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }
}
