import NIOCore

/// Laravel publishes one event on each channel of `broadcastOn()` (one EVAL, several PUBLISHes).
/// This folds those copies so each session receives the event once: a copy that arrives on another
/// channel within `window` of an identical payload only reaches sessions the earlier copies did not.
struct ChannelFanIn {
    private struct Seen {
        var payload: [UInt8]
        var at: NIODeadline
        var audiences: [Audience]
        var channels: Set<String>
    }

    static let window = TimeAmount.seconds(2)
    static let remembered = 16
    private var recent: [Seen] = []

    /// The message to deliver for `payload`, or nil when every recipient has it already.
    mutating func admit(_ message: IncomingMessage, payload: [UInt8], channel: String, now: NIODeadline = .now()) -> IncomingMessage? {
        recent.removeAll { now - $0.at > Self.window }
        guard let index = recent.firstIndex(where: { $0.payload == payload && !$0.channels.contains(channel) }) else {
            recent.append(Seen(payload: payload, at: now, audiences: [message.audience], channels: [channel]))
            if recent.count > Self.remembered { recent.removeFirst() }
            return message
        }
        var message = message
        let earlier = recent[index].audiences
        if earlier.contains(where: \.everyone) { return nil }
        message.audience.alreadyCovered = earlier
        recent[index].audiences.append(message.audience)
        recent[index].channels.insert(channel)
        return message
    }
}
