import NIOCore

/// Laravel publishes one event on each channel of `broadcastOn()` (one EVAL, several PUBLISHes).
/// This folds those copies so each session receives the event once. Copies read in one batch
/// become one message whose audience joins every channel's; a copy that arrives later on another
/// channel (within `window`) only reaches sessions the earlier copies did not.
struct ChannelFanIn {
    private struct Seen {
        var payload: [UInt8]
        var at: NIODeadline
        var audiences: [Audience]
        var channels: Set<String>
    }

    static let window = TimeAmount.seconds(2)
    static let remembered = 64
    private var recent: [Seen] = []

    /// Decodes a batch and joins copies of one payload on several channels; rejections go to
    /// `reject`.
    mutating func fold(_ batch: [PublishedPayload], decoder: EnvelopeDecoder, now: NIODeadline = .now(),
                       reject: (Rejection, String) -> Void) -> [IncomingMessage] {
        var messages: [IncomingMessage] = []
        var channels: [Set<String>] = []
        var payloads: [[UInt8]] = []
        var indexByPayload: [[UInt8]: Int] = [:]
        for published in batch {
            switch decoder.decode(published.bytes, channel: published.channel) {
            case .failure(let rejection):
                reject(rejection, published.channel)
            case .success(let message):
                if let index = indexByPayload[published.bytes], !channels[index].contains(published.channel) {
                    messages[index].audience.join(message.audience)
                    channels[index].insert(published.channel)
                } else {
                    indexByPayload[published.bytes] = messages.count
                    messages.append(message)
                    channels.append([published.channel])
                    payloads.append(published.bytes)
                }
            }
        }
        return zip(messages, zip(payloads, channels)).compactMap { message, copy in
            admit(message, payload: copy.0, channels: copy.1, now: now)
        }
    }

    /// The message to deliver for `payload`, or nil when every recipient has it already.
    mutating func admit(_ message: IncomingMessage, payload: [UInt8], channels: Set<String>, now: NIODeadline = .now()) -> IncomingMessage? {
        recent.removeAll { now - $0.at > Self.window }
        guard let index = recent.firstIndex(where: { $0.payload == payload && $0.channels.isDisjoint(with: channels) }) else {
            recent.append(Seen(payload: payload, at: now, audiences: [message.audience], channels: channels))
            if recent.count > Self.remembered { recent.removeFirst() }
            return message
        }
        var message = message
        let earlier = recent[index].audiences
        if earlier.contains(where: \.everyone) { return nil }
        message.audience.alreadyCovered = earlier
        recent[index].audiences.append(message.audience)
        recent[index].channels.formUnion(channels)
        return message
    }
}
