/// Roles of a soak session's token as bits, so the relevance model compares bits, not strings.
struct SoakRoles: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let admin = SoakRoles(rawValue: 1)
    static let technician = SoakRoles(rawValue: 2)
    /// A role that is neither staff nor admin (targets of `notification.roles` and `audience.roles`).
    static let manager = SoakRoles(rawValue: 4)
    /// The bridge's default `BRIDGE_STAFF_ROLES` (admin, technician); admins are `BRIDGE_ADMIN_ROLES` (admin).
    static let staff: SoakRoles = [.admin, .technician]

    /// The `roles` claim of the token.
    var names: [String] {
        var out: [String] = []
        if contains(.admin) { out.append("admin") }
        if contains(.technician) { out.append("technician") }
        if contains(.manager) { out.append("manager") }
        return out
    }

    /// A short name for reports: admin, technician, manager or user.
    var label: String {
        if contains(.admin) { return "admin" }
        if contains(.technician) { return "technician" }
        if contains(.manager) { return "manager" }
        return "user"
    }
}

/// What a soak session does besides reading every frame at once.
enum SoakKind: String, Codable, Sendable, CaseIterable {
    /// Reads everything as it comes and never drops.
    case steady
    /// Stops reading for tens of seconds at a time (its backlog stays within the 1 MiB queue bound).
    case slow
    /// Drops its connection every 20–60 s and reconnects with `last_id`.
    case reconnecting
    /// Sends a bad frame every 10–30 s: non-JSON, non-objects, client events, binary, oversized.
    case badFrames = "bad-frames"
}

/// Who the soak's sessions are. Session `s` belongs to user index `s / 2` (two sessions per user,
/// user id `1000 + index`); roles by user index: 2 % admins (admin + technician), 8 % technicians,
/// 6 % managers, 84 % plain users. Kinds by session index, spread over every role.
struct SoakPopulation: Sendable {
    let sessions: Int
    static let userBase = 1000
    static let sessionsPerUser = 2
    /// User ids from here up own no session: requesters and new users nobody is logged in as.
    static let ghostBase = 900_000
    /// The session whose `session_id` goes into Laravel envelopes' `socket` (`->toOthers()`).
    static let excludedSession = 0

    var users: Int { (sessions + Self.sessionsPerUser - 1) / Self.sessionsPerUser }

    func userIndex(ofSession s: Int) -> Int { s / Self.sessionsPerUser }
    func userID(ofSession s: Int) -> Int { Self.userBase + userIndex(ofSession: s) }
    func userID(ofIndex u: Int) -> Int { Self.userBase + u }
    func roles(ofSession s: Int) -> SoakRoles { Self.roles(ofUserIndex: userIndex(ofSession: s)) }

    static func roles(ofUserIndex u: Int) -> SoakRoles {
        switch u % 50 {
        case 0: return [.admin, .technician]
        case 1...4: return .technician
        case 5...7: return .manager
        default: return []
        }
    }

    func kind(ofSession s: Int) -> SoakKind {
        if s % 199 == 13 { return .badFrames }
        if s % 47 == 11 { return .reconnecting }
        if s % 31 == 7 { return .slow }
        return .steady
    }

    /// Session indexes of a user id (none for ghosts and ids outside the population).
    func sessions(ofUserID id: Int) -> Range<Int> {
        let u = id - Self.userBase
        guard u >= 0, u < users else { return 0..<0 }
        let first = u * Self.sessionsPerUser
        return first..<min(first + Self.sessionsPerUser, sessions)
    }
}
