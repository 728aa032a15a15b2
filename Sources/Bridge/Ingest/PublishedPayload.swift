/// One payload as it arrived on one Redis channel, through a SUBSCRIBE (`pattern` nil) or a
/// PSUBSCRIBE pattern.
struct PublishedPayload: Sendable, Equatable {
    var channel: String
    var pattern: String?
    var bytes: [UInt8]

    init(channel: String, pattern: String? = nil, bytes: [UInt8]) {
        self.channel = channel
        self.pattern = pattern
        self.bytes = bytes
    }

    /// Which subscription delivered it: a second copy through the same subscription is a new
    /// publication, through another one (a channel matching two patterns) the same one again.
    var subscription: String { "\(pattern ?? "")\u{0}\(channel)" }
}
