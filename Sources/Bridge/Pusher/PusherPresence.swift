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
