/// A connection's presence channels (docs/pusher.md#presence-channels): each is being joined
/// (Redis has not answered yet), joined as a member as of a log position (member events up to
/// it are in the members list the client got, so only later ones reach it), or abandoned
/// (unsubscribed or closed while joining: left as soon as the join answers). Touched on the
/// connection's event loop only.
struct PusherPresence {
    /// Where one presence channel of the connection stands.
    enum State: Equatable {
        case joining(PresenceMember)
        case joined(PresenceMember, floor: StreamID)
        case abandoned
    }

    var channels: [String: State] = [:]

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
