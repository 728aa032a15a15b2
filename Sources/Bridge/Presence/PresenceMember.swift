/// One member of a presence channel as the bridge keeps it: the user id as text (`5` and `"5"`
/// are the same user, sent to clients as `"5"`) and `user_info` as compact JSON text.
struct PresenceMember: Sendable, Equatable {
    let userId: String
    /// JSON text: an object, any other JSON value, or `null` when the authorisation gave none.
    let info: String
}

/// What a join answered: the members as of a position in the log (the client must see only
/// member events after it), or that the channel is full.
enum PresenceJoin: Sendable, Equatable {
    case joined(floor: StreamID, members: [PresenceMember])
    case full
}
