import NIOCore
import Testing
@testable import Bridge

/// A recipient that takes messages by channel, as a Pusher connection does: it records the ids of
/// the messages it is handed that were published on one of its channels.
final class FakeChannelTaker: Recipient {
    let userId: String?
    let channels: Set<String>
    var registrySlot: Int?
    var channelSlot: Int?
    private(set) var offered = 0
    private(set) var received: [String] = []

    init(channels: Set<String>, user: String? = nil) {
        self.channels = channels
        self.userId = user
    }

    var takesByChannel: Bool { true }

    func takes(_ message: StoredMessage) -> Bool {
        offered += 1
        return message.channelFrames.contains { channels.contains($0.channel) }
    }

    func receive(joined frames: ByteBuffer) { Issue.record("a channel taker must be handed messages, not joined frames") }
    func receive(_ messages: [StoredMessage]) { received += messages.map(\.id) }
    func resync() {}
    func end(_ reason: RecipientEnd) {}
    func tick(now: NIODeadline, wallClock: Int64) {}
}
