import Testing
@testable import Bridge

/// Fan-out skips the per-session relevance check only for audiences that admit every session.
@Suite("Audience fast path")
struct AudienceFastPathTests {
    static var everyone: Audience {
        var audience = Audience()
        audience.everyone = true
        return audience
    }

    @Test("a plain everyone audience admits every session without a check")
    func plainEveryone() {
        #expect(Self.everyone.admitsEverySession)
        #expect(Self.everyone.admits(user: "1", sessionRoles: [], sessionId: "s"))
    }

    @Test("users, roles, a restriction, an excluded session or an earlier copy need the check")
    func conditional() {
        var users = Audience()
        users.users = ["7"]
        var roles = Audience()
        roles.roles = ["admin"]
        var restricted = Self.everyone
        restricted.restriction = .init(staffRoles: ["admin"], users: ["7"])
        var excluding = Self.everyone
        excluding.excludedSessionId = "s"
        var covered = Self.everyone
        covered.alreadyCovered = [users]
        for audience in [users, roles, restricted, excluding, covered] {
            #expect(!audience.admitsEverySession, "\(audience)")
        }
        #expect(!excluding.admits(user: "1", sessionRoles: [], sessionId: "s"))
        #expect(!covered.admits(user: "7", sessionRoles: [], sessionId: "x"))
        #expect(!restricted.admits(user: "1", sessionRoles: [], sessionId: "x"))
    }
}
