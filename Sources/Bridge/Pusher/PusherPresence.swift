/// A connection's presence channels (docs/pusher.md#presence-channels): each is being joined
/// (Redis has not answered that attempt yet), joined as a member as of a log position (member
/// events up to it are in the members list the client got, so only later ones reach it), or
/// abandoned (unsubscribed or closed while joining: left as soon as the join answers). Each
/// attempt is numbered, so the answer to one the client has since replaced (unsubscribed and
/// subscribed again) is told apart. Touched on the connection's event loop only.
struct PusherPresence {
    /// Where one presence channel of the connection stands.
    enum State: Equatable {
        case joining(PresenceMember, attempt: UInt64)
        case joined(PresenceMember, floor: StreamID)
        case abandoned
    }

    var channels: [String: State] = [:]
    private var attempts: UInt64 = 0
    /// Messages on channels being joined (and not subscribed already), kept until the join
    /// answers: this node may read and dispatch member events after the members list's position
    /// before the answer reaches the connection; those past the floor are written after the list.
    private var held: [String: [StoredMessage]] = [:]
    /// Channels whose held messages passed ``maxHeld``: their join is refused (subscribe again).
    private(set) var overflowed: Set<String> = []

    /// Messages held for one channel being joined, at most.
    static let maxHeld = 10_000

    /// Whether `channel` is being joined (not abandoned).
    func isJoining(_ channel: String) -> Bool {
        if case .joining? = channels[channel] { return true }
        return false
    }

    /// Keeps `message` until the join of `channel` answers.
    mutating func hold(_ message: StoredMessage, on channel: String) {
        guard !overflowed.contains(channel) else { return }
        guard held[channel, default: []].count < Self.maxHeld else {
            overflowed.insert(channel)
            held[channel] = nil
            return
        }
        held[channel, default: []].append(message)
    }

    /// The messages held for `channel` after `floor`, in order; forgets them. nil when more
    /// than ``maxHeld`` came: some were not kept.
    mutating func release(_ channel: String, after floor: StreamID) -> [StoredMessage]? {
        let kept = held.removeValue(forKey: channel) ?? []
        guard overflowed.remove(channel) == nil else { return nil }
        return kept.filter { $0.streamID > floor }
    }

    /// Forgets what was held for `channel` (its join failed or nobody wants it).
    mutating func discardHeld(_ channel: String) {
        held[channel] = nil
        overflowed.remove(channel)
    }

    /// Marks `channel` as being joined as `member`; answers the attempt's number.
    mutating func joining(_ channel: String, as member: PresenceMember) -> UInt64 {
        attempts += 1
        channels[channel] = .joining(member, attempt: attempts)
        return attempts
    }

    /// What to do with the answer to join attempt `attempt` of `channel`.
    enum Answer: Equatable {
        /// It is the attempt the connection waits for.
        case current
        /// A later attempt, or a membership it already has, covers it: nothing to do.
        case superseded
        /// Nobody wants it any more: leave if it joined.
        case unwanted
    }

    func answer(_ channel: String, attempt: UInt64) -> Answer {
        switch channels[channel] {
        case .joining(_, let current)? where current == attempt: .current
        case .joining?, .joined?: .superseded
        case .abandoned?, nil: .unwanted
        }
    }

    /// Whether an entry with `id` published on `channel` may reach the connection: not when it is
    /// in the members list the connection was given.
    func admits(_ channel: String, id: StreamID) -> Bool {
        guard !channels.isEmpty, case .joined(_, let floor)? = channels[channel] else { return true }
        return id > floor
    }

    /// The user ids this connection is a member as.
    var users: Set<String> {
        Set(channels.values.compactMap { if case .joined(let member, _) = $0 { member.userId } else { nil } })
    }
}
