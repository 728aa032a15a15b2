import Testing
@testable import Bridge

/// A connected session as the relevance rules see it: a user, its roles and its session id.
struct Viewer: Sendable, Hashable, CustomTestStringConvertible {
    let name: String
    let user: String
    let roles: Set<String>
    let sessionId: String

    init(_ name: String, user: String, roles: Set<String> = [], sessionId: String? = nil) {
        self.name = name
        self.user = user
        self.roles = roles
        self.sessionId = sessionId ?? "1.\(user)"
    }

    var testDescription: String { name }

    /// A technician (staff, not admin) with the default roles.
    static let staff = Viewer("staff", user: "100", roles: ["technician"])
    /// An admin (also staff) with the default roles.
    static let admin = Viewer("admin", user: "101", roles: ["admin"])
    static let requester = Viewer("requester", user: "7")
    static let assignee = Viewer("assignee", user: "5")
    static let author = Viewer("author", user: "9")
    static let other = Viewer("other", user: "200")

    static let all: [Viewer] = [.staff, .admin, .requester, .assignee, .author, .other]
}

extension Audience {
    func admits(_ viewer: Viewer) -> Bool {
        admits(user: viewer.user, sessionRoles: viewer.roles, sessionId: viewer.sessionId)
    }

    /// Names of the viewers admitted, for readable expectations.
    func admitted(among viewers: [Viewer] = Viewer.all) -> Set<String> {
        Set(viewers.filter { admits($0) }.map(\.name))
    }
}
