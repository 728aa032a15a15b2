/// One payload as it arrived on one Redis channel.
public struct PublishedPayload: Sendable, Equatable {
    public var channel: String
    public var bytes: [UInt8]

    public init(channel: String, bytes: [UInt8]) {
        self.channel = channel
        self.bytes = bytes
    }
}
