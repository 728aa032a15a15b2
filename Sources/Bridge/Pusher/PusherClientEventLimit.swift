import NIOCore

/// Pusher's limit on client events (docs/pusher.md#client-events): at most ``perSecond`` accepted
/// from one connection in any one-second span, a sliding window over the times of the last
/// ``perSecond`` accepted events (so its memory is those ten deadlines). Pure: the caller says
/// when; touched only on the connection's event loop.
struct PusherClientEventLimit: Sendable {
    /// Pusher's default.
    static let perSecond = 10
    static let window = TimeAmount.seconds(1)

    /// Times of the last accepted events, oldest at `next` once the ring is full.
    private var accepted: [NIODeadline] = []
    private var next = 0

    init() {}

    /// Whether one more event may go at `now`; counts it when it may.
    mutating func admit(at now: NIODeadline) -> Bool {
        guard accepted.count == Self.perSecond else {
            accepted.append(now)
            return true
        }
        guard now - accepted[next] >= Self.window else { return false }
        accepted[next] = now
        next = (next + 1) % Self.perSecond
        return true
    }
}
