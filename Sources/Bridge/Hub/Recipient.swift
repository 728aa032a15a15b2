import NIOCore

/// Whatever the hub delivers to on one event loop: a WebSocket session, a waiting long-poll, and
/// later other kinds of connection. The hub knows recipients only through this protocol, and
/// calls it only on the recipient's own event loop.
protocol Recipient: AnyObject {
    /// The user it belongs to, once known; the hub indexes registered recipients by it.
    var userId: String? { get }
    /// It takes messages by the channels they were published on (a Pusher connection), whoever
    /// their audience: the hub offers it every message with channel frames and hands it the
    /// messages it took, never the joined `/ws` frames.
    var takesByChannel: Bool { get }
    /// Slot in its loop's registry while registered; kept by ``LoopRegistry`` alone.
    var registrySlot: Int? { get set }
    /// Slot among its loop's channel takers while registered (``takesByChannel`` only); kept by
    /// ``LoopRegistry`` alone.
    var channelSlot: Int? { get set }
    /// Whether it takes `message`: admitted by its audience and not taken yet. Taking a message
    /// advances the recipient's delivery mark; the hub then hands over the frames it took.
    func takes(_ message: StoredMessage) -> Bool
    /// The frames of the messages it took from one batch, joined into one buffer.
    func receive(joined frames: ByteBuffer)
    /// The messages it took from one batch, when joining their frames was not worth a copy.
    func receive(_ messages: [StoredMessage])
    /// Events may have been lost (the ingest was down): the recipient must reload its state.
    func resync()
    /// The hub ends it: its user was blocked, or the server is stopping.
    func end(_ reason: RecipientEnd)
    /// Per-second housekeeping (timeouts, pings); `wallClock` is Unix seconds.
    func tick(now: NIODeadline, wallClock: Int64)
}

extension Recipient {
    var takesByChannel: Bool { false }
    /// Recipients that do not take by channel never hold a channel slot.
    var channelSlot: Int? {
        get { nil }
        set {}
    }
}

/// Why the hub ends a recipient.
enum RecipientEnd: Sendable {
    case userBlocked
    case serverShutdown
}
