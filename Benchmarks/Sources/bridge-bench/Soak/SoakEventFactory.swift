/// Makes the soak's events: the envelope's JSON and, alongside, the audience the generator
/// expects. Internal comments and drafts come with audiences (`everyone`, a plain user) that must
/// not widen them; Laravel envelopes sometimes exclude one session through `socket`.
struct SoakEventFactory {
    let population: SoakPopulation
    private var rng: SoakRandom
    private let staffUsers: [Int]
    private let plainUsers: [Int]
    /// `session_id` of `SoakPopulation.excludedSession`, once it is known.
    var excludedSessionId: String?

    init(population: SoakPopulation, seed: UInt64) {
        self.population = population
        rng = SoakRandom(seed: seed)
        let all = 0..<population.users
        staffUsers = all.filter { !SoakPopulation.roles(ofUserIndex: $0).isDisjoint(with: .staff) }.map(population.userID(ofIndex:))
        plainUsers = all.filter { SoakPopulation.roles(ofUserIndex: $0).isDisjoint(with: .staff) }.map(population.userID(ofIndex:))
    }

    /// One envelope ready to publish.
    struct Made: Sendable {
        var event: SoakEvent
        var body: String
    }

    /// An event for every session, by `POST /broadcast` (the warm-up and the closing sentinel).
    mutating func everyone(seq: UInt32, title: String) -> Made {
        let data = #"{"notification":{"id":\#(seq),"title":"\#(title)"},"soak_seq":\#(seq)}"#
        let event = SoakEvent(seq: seq, label: "system_notification_created (\(title))", path: .http, audience: SoakAudience(everyone: true))
        return Made(event: event, body: #"{"type":"system_notification_created","data":\#(data)}"#)
    }

    mutating func make(seq: UInt32) -> Made {
        let kind = SoakEventKind.pick(using: &rng)
        var (data, audience, extras) = body(of: kind, seq: seq)
        data = String(data.dropLast()) + #","soak_seq":\#(seq)}"#
        let path: SoakPath
        if extras != nil {
            path = rng.chance(0.5) ? .http : .redisListener
        } else {
            let r = Int.random(in: 0..<10, using: &rng)
            path = r < 5 ? .http : r < 8 ? .redisListener : .redisLaravel
        }
        let body: String
        if path == .redisLaravel {
            let name = rng.chance(0.5) ? kind.laravelClass : kind.laravelAlias
            var socket = ""
            if let id = excludedSessionId, rng.chance(0.25) {
                socket = #","socket":"\#(id)""#
                audience.excludedSession = Int32(SoakPopulation.excludedSession)
            }
            let laravelData = socket.isEmpty ? data : String(data.dropLast()) + socket + "}"
            body = #"{"event":"\#(name)","data":\#(laravelData)\#(socket)}"#
        } else {
            let extra = extras.map { #","audience":\#($0)"# } ?? ""
            body = #"{"type":"\#(kind.type)","data":\#(data)\#(extra),"occurred_at":"2026-12-07T06:00:00Z"}"#
        }
        return Made(event: SoakEvent(seq: seq, label: kind.rawValue, path: path, audience: audience), body: body)
    }

    private mutating func anyUser() -> Int { population.userID(ofIndex: Int.random(in: 0..<population.users, using: &rng)) }
    private mutating func staff() -> Int { staffUsers.randomElement(using: &rng) ?? anyUser() }
    private mutating func plain() -> Int { plainUsers.randomElement(using: &rng) ?? anyUser() }
    private mutating func ghost() -> Int { SoakPopulation.ghostBase + Int.random(in: 0..<50_000, using: &rng) }
    /// A requester: usually a plain user, sometimes nobody logged in.
    private mutating func requester() -> Int { rng.chance(0.8) ? plain() : ghost() }
    /// An assignee: usually staff, sometimes a plain user, sometimes none.
    private mutating func assignee() -> Int? {
        let r = Int.random(in: 0..<10, using: &rng)
        return r < 7 ? staff() : r < 8 ? plain() : nil
    }

    private func json(_ v: Int?) -> String { v.map(String.init) ?? "null" }

    /// The `data` object, the expected audience and an optional listener `audience` object.
    private mutating func body(of kind: SoakEventKind, seq: UInt32) -> (String, SoakAudience, String?) {
        var a = SoakAudience()
        let id = Int(seq)
        func ids(_ list: Int?...) -> [Int32] { list.compactMap { $0.map(Int32.init) } }
        switch kind {
        case .notificationEveryone:
            a.everyone = true
            return (#"{"notification":{"id":\#(id),"title":"Maintenance tonight","body":"All systems"}}"#, a, nil)
        case .articleCreatedPublished, .articleUpdatedPublished:
            a.everyone = true
            return (#"{"article":{"id":\#(id),"title":"How to reset a password","is_published":true,"author_id":\#(staff())}}"#, a, nil)
        case .ticketCreated, .ticketStatusChanged:
            let r = requester(), s = assignee()
            a.roles = .staff
            a.users = ids(r, s)
            let status = kind == .ticketStatusChanged ? #","old_status":"open","new_status":"in_progress""# : ""
            return (#"{"ticket":{"id":\#(id),"title":"Printer on fire","status":"open","requester_id":\#(r),"assignee_id":\#(json(s))}\#(status)}"#, a, nil)
        case .ticketAssigned:
            let r = requester(), s = rng.chance(0.8) ? staff() : plain()
            let previous: Int? = rng.chance(0.5) ? (rng.chance(0.8) ? staff() : plain()) : nil
            a.roles = .staff
            a.users = ids(r, s, previous)
            let prev = previous.map { #","previous_assignee_id":\#($0)"# } ?? ""
            return (#"{"ticket":{"id":\#(id),"requester_id":\#(r),"assignee_id":\#(s)}\#(prev)}"#, a, nil)
        case .commentPublic:
            let r = requester(), s = assignee()
            let author = rng.chance(0.5) ? r : staff()
            a.roles = .staff
            a.users = ids(r, s, author)
            return (#"{"ticket":{"id":\#(id),"requester_id":\#(r),"assignee_id":\#(json(s))},"comment":{"id":\#(id),"author_id":\#(author),"body":"Any news?","is_internal":false}}"#, a, nil)
        case .commentInternal:
            // Must reach staff and the author only: not the requester, not a plain assignee,
            // not everyone even when the envelope asks for it.
            let r = plain(), s = rng.chance(0.7) ? staff() : plain()
            let author = rng.chance(0.8) ? staff() : plain()
            a.roles = .staff
            a.users = ids(s, author)
            a.restrictedToAuthor = Int32(author)
            let extras: [String?] = [nil, #"{"everyone":true}"#, #"{"users":[\#(r)]}"#, #"{"roles":["manager"],"users":[\#(s)]}"#]
            return (#"{"ticket":{"id":\#(id),"requester_id":\#(r),"assignee_id":\#(s)},"comment":{"id":\#(id),"author_id":\#(author),"body":"Customer is difficult","is_internal":true}}"#,
                    a, extras.randomElement(using: &rng) ?? nil)
        case .equipmentStatus, .equipmentLocation:
            let holder: Int? = rng.chance(0.6) ? anyUser() : nil
            a.roles = .staff
            a.users = ids(holder)
            let change = kind == .equipmentStatus ? #""old_status":"in_use","new_status":"repair""# : #""old_location":"Room 101","new_location":"Room 202""#
            return (#"{"equipment":{"id":\#(id),"name":"Laptop \#(id)","assigned_user_id":\#(json(holder))},\#(change)}"#, a, nil)
        case .articleCreatedDraft, .articleUpdatedDraft:
            let author = rng.chance(0.5) ? staff() : plain()
            a.roles = .staff
            a.users = ids(author)
            a.restrictedToAuthor = Int32(author)
            let extras: [String?] = [nil, #"{"everyone":true}"#, #"{"users":[\#(plain())]}"#, #"{"roles":["manager"]}"#]
            return (#"{"article":{"id":\#(id),"title":"Draft \#(id)","is_published":false,"author_id":\#(author)}}"#, a, extras.randomElement(using: &rng) ?? nil)
        case .userCreated:
            a.roles = .admin
            let extras: String? = rng.chance(0.2) ? #"{"roles":["manager"]}"# : nil
            if extras != nil { a.roles.insert(.manager) }
            return (#"{"user":{"id":\#(ghost()),"name":"New user","email":"new@example.test"}}"#, a, extras)
        case .userStatusChanged:
            let user = anyUser()
            a.roles = .admin
            a.users = ids(user)
            return (#"{"user":{"id":\#(user)},"old_status":"active","new_status":"away"}"#, a, nil)
        case .userBlockedGhost:
            a.roles = .admin
            return (#"{"user":{"id":\#(ghost())},"old_status":"active","new_status":"blocked"}"#, a, nil)
        case .notificationRoles:
            a.roles = .manager
            var users: [Int] = []
            if rng.chance(0.5) { users = [plain()] }
            a.users = users.map(Int32.init)
            let list = users.map(String.init).joined(separator: ",")
            return (#"{"notification":{"id":\#(id),"title":"Managers","roles":["manager"],"user_ids":[\#(list)]}}"#, a, nil)
        case .notificationUsers:
            let count = Int.random(in: 1...3, using: &rng)
            let users = (0..<count).map { _ in rng.chance(0.9) ? anyUser() : ghost() }
            a.users = users.map(Int32.init)
            let list = users.map(String.init).joined(separator: ",")
            return (#"{"notification":{"id":\#(id),"title":"For you","user_ids":[\#(list)]}}"#, a, nil)
        }
    }
}
