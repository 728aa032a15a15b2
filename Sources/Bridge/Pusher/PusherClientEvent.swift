/// Reads a `client-…` event against Pusher's rules (docs/pusher.md#client-events): on a `private-`
/// or `presence-` channel the connection is subscribed to, a name of at most 200 characters and
/// `data` of at most `BRIDGE_PUSHER_MAX_DATA` bytes. The accepted event leaves out its sender.
/// Pure: the rate limit is the connection's (``PusherClientEventLimit``).
struct PusherClientEvent: Sendable {
    let maxData: Int

    /// The channel event to relay, or why not (`pusher:error` with code null: the connection stays).
    func event(name: String, channel: String?, data: JSONValue?, from socketId: String,
               subscriptions: Set<String>) -> Result<ChannelEvent, PusherRefusal> {
        guard name.count <= PusherEventRequest.maxNameLength else {
            return .failure(PusherRefusal("Client event rejected - the name is \(name.count) characters; at most \(PusherEventRequest.maxNameLength)"))
        }
        guard let channel, !channel.isEmpty else {
            return .failure(PusherRefusal("Client event rejected - \(name) needs a \"channel\": the private- or presence- channel to send it on"))
        }
        switch PusherChannel(channel) {
        case .privateChannel, .presence:
            break
        case .publicChannel:
            return .failure(PusherRefusal("Client event rejected - only supported on private and presence channels; \(channel) is public, send \(name) on a private- or presence- channel"))
        case .invalid(let reason):
            return .failure(PusherRefusal("Client event rejected - \(channel) is not a channel name: \(reason)"))
        }
        guard subscriptions.contains(channel) else {
            return .failure(PusherRefusal("Client event rejected - this connection is not subscribed to \(channel); subscribe (pusher:subscribe) before sending \(name) on it"))
        }
        let text = Self.text(of: data)
        guard text.utf8.count <= maxData else {
            return .failure(PusherRefusal("Client event rejected - the data of \(name) is \(text.utf8.count) bytes; at most \(maxData) (BRIDGE_PUSHER_MAX_DATA)"))
        }
        return .success(ChannelEvent(name: name, data: text, channels: [channel], excludedSocket: socketId))
    }

    /// `data` as Pusher relays it, JSON text: a string as it is, anything else encoded (a missing
    /// `data` as `null`).
    static func text(of data: JSONValue?) -> String {
        if case .string(let text)? = data { return text }
        return ChannelEvent.text(of: data ?? .null)
    }
}
