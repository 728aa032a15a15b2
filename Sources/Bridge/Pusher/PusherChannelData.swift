import Foundation

/// Reads the `channel_data` of a `pusher:subscribe` to a `presence-` channel
/// (docs/pusher.md#presence-channels): `{"user_id": …, "user_info": …}` as JSON text, within
/// the limits this server keeps: a user id of at most 128 characters, `user_info` of at most 1 KiB.
enum PusherChannelData {
    static let maxUserIdLength = 128
    static let maxInfoBytes = 1024

    /// Why `channelData` is refused, for a `pusher:subscription_error`.
    struct Refusal: Error, Equatable {
        var type: String
        var message: String
        var status: Int
    }

    static func member(from channelData: String?, channel: String) -> Result<PresenceMember, Refusal> {
        guard let channelData, !channelData.isEmpty else {
            return .failure(invalid("\(channel) needs channel_data, {\"user_id\":…,\"user_info\":…}, from your authorisation endpoint (Laravel's /broadcasting/auth answers it for presence channels)"))
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(channelData.utf8)), case .object(let fields) = json else {
            return .failure(invalid("channel_data must be a JSON object such as {\"user_id\":\"5\",\"user_info\":{\"name\":\"Ann\"}}"))
        }
        guard let userId = fields["user_id"]?.idString else {
            return .failure(invalid("channel_data.user_id is missing; it must be a non-empty string or a number"))
        }
        guard userId.count <= maxUserIdLength else {
            return .failure(invalid("channel_data.user_id has \(userId.count) characters; at most \(maxUserIdLength)"))
        }
        let info = fields["user_info"].map(ChannelEvent.text(of:)) ?? "null"
        guard info.utf8.count <= maxInfoBytes else {
            return .failure(Refusal(type: "LimitReached", message: "channel_data.user_info is \(info.utf8.count) bytes; at most \(maxInfoBytes): share less about the user", status: 413))
        }
        return .success(PresenceMember(userId: userId, info: info))
    }

    private static func invalid(_ message: String) -> Refusal {
        Refusal(type: "InvalidChannelData", message: message, status: 400)
    }
}
