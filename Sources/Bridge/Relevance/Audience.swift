/// Who receives one message: the outcome of the relevance rules, checked once per session.
struct Audience: Sendable, Equatable {
    /// Non-staff sessions may receive only when their user is in `users` (internal comments, drafts).
    struct Restriction: Sendable, Equatable {
        var staffRoles: Set<String>
        var users: Set<String>
    }

    var everyone = false
    var users: Set<String> = []
    var roles: Set<String> = []
    var restriction: Restriction?
    /// The session id (Laravel's socket id) that must not receive it (`->toOthers()`).
    var excludedSessionId: String?
    /// A user whose sessions are closed with 4003 after receiving the message.
    var disconnectedUser: String?
    /// A user whose block ends: a `user_status_changed` to `active`.
    var reactivatedUser: String?
    /// Audiences of earlier deliveries of the same event (one Laravel event published on several
    /// channels): a session they admitted has it already.
    var alreadyCovered: [Audience] = []

    init() {}

    /// Whether a session of `user` holding `sessionRoles` receives the message.
    func admits(user: String, sessionRoles: Set<String>, sessionId: String) -> Bool {
        if let excludedSessionId, excludedSessionId == sessionId { return false }
        if let restriction, !users(restriction.users, orRoles: restriction.staffRoles, admit: user, sessionRoles) {
            return false
        }
        guard everyone || users(users, orRoles: roles, admit: user, sessionRoles) else { return false }
        return !alreadyCovered.contains { $0.admits(user: user, sessionRoles: sessionRoles, sessionId: sessionId) }
    }

    /// True when every open session receives it whoever it is: no user, role, restriction,
    /// exclusion or earlier copy to check (fan-out then skips reading the session's identity).
    var admitsEverySession: Bool {
        everyone && restriction == nil && excludedSessionId == nil && alreadyCovered.isEmpty
    }


    private func users(_ users: Set<String>, orRoles roles: Set<String>, admit user: String, _ sessionRoles: Set<String>) -> Bool {
        users.contains(user) || (!roles.isEmpty && !roles.isDisjoint(with: sessionRoles))
    }
}

extension Audience {
    /// Adds the receivers of another copy of the same event (another channel).
    mutating func join(_ other: Audience) {
        everyone = everyone || other.everyone
        users.formUnion(other.users)
        roles.formUnion(other.roles)
    }
}
