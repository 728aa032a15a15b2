import NIOCore

/// Folds the copies Redis hands over for one publication so each session receives it once:
/// Laravel publishes one event on each channel of `broadcastOn()` (one EVAL, several PUBLISHes),
/// and a channel matching several subscribed patterns arrives once per pattern.
///
/// Copies read in one batch become one message whose audience joins every channel's. A copy
/// arriving later (within `window`) on a channel already covered is dropped; on a new channel it
/// only reaches sessions the earlier copies did not.
struct ChannelFanIn {
    private struct Publication {
        var payload: [UInt8]
        var at: NIODeadline
        var audiences: [Audience]
        var channels: Set<String>
        var subscriptions: Set<String>
        /// The Pusher channel names it was delivered on.
        var pusherChannels: [String] = []
    }

    static let window = TimeAmount.seconds(2)
    static let remembered = 64
    private var recent: [Publication] = []

    /// Decodes a batch and joins the copies of each publication; rejections go to `reject`.
    mutating func fold(_ batch: [PublishedPayload], decoder: EnvelopeDecoder, now: NIODeadline = .now(),
                       reject: (Rejection, String) -> Void) -> [IncomingMessage] {
        var folded: [(message: IncomingMessage, copy: Publication)] = []
        var latestByPayload: [[UInt8]: Int] = [:]
        for published in batch {
            if let index = latestByPayload[published.bytes], !folded[index].copy.subscriptions.contains(published.subscription) {
                folded[index].copy.subscriptions.insert(published.subscription)
                guard !folded[index].copy.channels.contains(published.channel) else { continue }
                guard case .success(let message) = decoder.decode(published.bytes, channel: published.channel) else { continue }
                folded[index].message.audience.join(message.audience)
                folded[index].message.channelEvent?.join(channels: message.channelEvent?.channels ?? [])
                folded[index].copy.channels.insert(published.channel)
                continue
            }
            switch decoder.decode(published.bytes, channel: published.channel) {
            case .failure(let rejection):
                reject(rejection, published.channel)
            case .success(let message):
                latestByPayload[published.bytes] = folded.count
                folded.append((message, Publication(payload: published.bytes, at: now, audiences: [], channels: [published.channel],
                                                    subscriptions: [published.subscription])))
            }
        }
        return folded.compactMap { admit($0.message, copy: $0.copy, now: now) }
    }

    /// The message to deliver for one folded publication, or nil when every recipient has it.
    private mutating func admit(_ message: IncomingMessage, copy: Publication, now: NIODeadline) -> IncomingMessage? {
        recent.removeAll { now - $0.at > Self.window }
        guard let index = recent.firstIndex(where: { $0.payload == copy.payload && $0.subscriptions.isDisjoint(with: copy.subscriptions) }) else {
            var remembered = copy
            remembered.audiences = [message.audience]
            remembered.pusherChannels = message.channelEvent?.channels ?? []
            recent.append(remembered)
            if recent.count > Self.remembered { recent.removeFirst() }
            return message
        }
        recent[index].subscriptions.formUnion(copy.subscriptions)
        guard !copy.channels.isSubset(of: recent[index].channels) else { return nil }
        var message = message
        // Pusher subscribers of the channels seen before have it already.
        let covered = Set(recent[index].pusherChannels)
        message.channelEvent?.channels.removeAll { covered.contains($0) }
        if message.channelEvent?.channels.isEmpty == true { message.channelEvent = nil }
        recent[index].pusherChannels += message.channelEvent?.channels ?? []
        if recent[index].audiences.contains(where: \.everyone) {
            // Every `/ws` session has it: only new Pusher channels are left to reach.
            guard message.channelEvent != nil else { return nil }
            recent[index].channels.formUnion(copy.channels)
            message.audience = Audience()
            return message
        }
        message.audience.alreadyCovered = recent[index].audiences
        recent[index].audiences.append(message.audience)
        recent[index].channels.formUnion(copy.channels)
        return message
    }
}
