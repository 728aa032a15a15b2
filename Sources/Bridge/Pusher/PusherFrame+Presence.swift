import NIOCore

/// The frames presence adds (docs/pusher.md#presence-channels).
extension PusherFrame {
    /// `pusher_internal:subscription_succeeded` with the members, as Pusher sends it:
    /// `data` the JSON text `{"presence":{"ids":[…],"hash":{id: user_info},"count":n}}`.
    static func subscriptionSucceeded(channel: String, members: [PresenceMember]) -> ByteBuffer {
        let ids = members.map { JSONText.quote($0.userId) }.joined(separator: ",")
        let hash = members.map { "\(JSONText.quote($0.userId)):\($0.info)" }.joined(separator: ",")
        let data = "{\"presence\":{\"ids\":[\(ids)],\"hash\":{\(hash)},\"count\":\(members.count)}}"
        return ServerFrame.text("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\(JSONText.quote(channel)),\"data\":\(JSONText.quote(data))}")
    }
}
