/// Who must receive one soak event: the generator's own reading of "Who receives what" in
/// docs/protocol.md, computed when the event is made, independently of the bridge.
struct SoakAudience: Sendable {
    var everyone = false
    /// User ids (ghost ids own no session).
    var users: [Int32] = []
    var roles: SoakRoles = []
    /// Internal comments and drafts: only staff and this author may receive it, whatever else
    /// widens the audience (-1: an author nobody is logged in as).
    var restrictedToAuthor: Int32?
    /// The one session excluded by a Laravel envelope's `socket`.
    var excludedSession: Int32?

    /// Whether session `s` must receive the event.
    func admits(session s: Int, userID: Int, roles sessionRoles: SoakRoles) -> Bool {
        if let excludedSession, Int(excludedSession) == s { return false }
        if let author = restrictedToAuthor, sessionRoles.isDisjoint(with: .staff), Int(author) != userID { return false }
        return everyone || users.contains(Int32(userID)) || !roles.isDisjoint(with: sessionRoles)
    }
}

/// Session indexes by role, to list an event's receivers without testing every session.
struct SoakRecipientIndex: Sendable {
    let population: SoakPopulation
    private let byRole: [(SoakRoles, [Int])]

    init(population: SoakPopulation) {
        self.population = population
        var lists: [(SoakRoles, [Int])] = [(.admin, []), (.technician, []), (.manager, [])]
        for s in 0..<population.sessions {
            let r = population.roles(ofSession: s)
            for i in lists.indices where r.contains(lists[i].0) { lists[i].1.append(s) }
        }
        byRole = lists
    }

    /// The sessions that must receive an event of `audience`, ascending.
    func recipients(of audience: SoakAudience) -> [Int] {
        let p = population
        if audience.everyone {
            return (0..<p.sessions).filter { audience.admits(session: $0, userID: p.userID(ofSession: $0), roles: p.roles(ofSession: $0)) }
        }
        var candidates: [Int] = []
        for (role, list) in byRole where audience.roles.contains(role) { candidates += list }
        for user in audience.users { candidates += p.sessions(ofUserID: Int(user)) }
        var out = Array(Set(candidates)).filter {
            audience.admits(session: $0, userID: p.userID(ofSession: $0), roles: p.roles(ofSession: $0))
        }
        out.sort()
        return out
    }
}
