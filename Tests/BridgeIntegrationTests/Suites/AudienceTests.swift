import Testing

/// docs/protocol.md#who-receives-what: an explicit audience adds recipients but never lifts the two restrictions
/// (internal comment, draft article).
@Suite("Audience", .serialized, .stack())
struct AudienceTests {
    @Test("audience.users adds a user to an admins-only event (ids as numbers or strings)",
          arguments: [JSONValue.int(9), .string("9")])
    func audienceUsersAdd(user: JSONValue) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let event = Envelope.listener("user_created", ["user": ["id": 44]], audience: ["users": [user]])
        try await stack.publish(event)
        try await Routing(stack: stack).expect(
            "user_created", reaches: [cast.admin, cast.other], notReaches: [cast.staff, cast.requester])
    }

    @Test("audience.roles adds holders of a non-staff role")
    func audienceRolesAdd() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let event = Envelope.listener(
            "equipment_status_changed",
            ["equipment": ["id": 3], "old_status": "a", "new_status": "b"], audience: ["roles": ["manager"]])
        try await stack.publish(event)
        try await Routing(stack: stack).expect(
            "equipment_status_changed", reaches: [cast.staff, cast.other], notReaches: [cast.requester, cast.assignee])
    }

    @Test("audience.everyone true reaches every session")
    func audienceEveryone() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let event = Envelope.listener("user_created", ["user": ["id": 45]], audience: ["everyone": true])
        try await stack.publish(event)
        try await Routing(stack: stack).expect("user_created", reaches: cast.all, notReaches: [])
    }

    @Test("no audience can show an internal comment to a non-staff user other than its author")
    func internalCommentStaysInternal() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let author = try await stack.session("11")
        defer { cast.close(); author.close() }
        var event = Envelope.commentCreated(requester: 7, assignee: 100, author: 11, isInternal: true)
        event = addAudience(event, ["users": [7, 9], "roles": ["manager"], "everyone": true])
        try await stack.publish(event)
        try await Routing(stack: stack).expect(
            "ticket_comment_created", reaches: [cast.staff, cast.admin, author], notReaches: [cast.requester, cast.other])
    }

    @Test("no audience can show a draft article to a non-staff user other than its author")
    func draftStaysDraft() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        var event = Envelope.article(published: false, author: 7)
        event = addAudience(event, ["users": [5, 9], "roles": ["manager"], "everyone": true])
        try await stack.publish(event)
        try await Routing(stack: stack).expect(
            "knowledge_article_created", reaches: [cast.staff, cast.admin, cast.requester],
            notReaches: [cast.assignee, cast.other])
    }

    private func addAudience(_ envelope: JSONValue, _ audience: JSONValue) -> JSONValue {
        var members = envelope.object ?? [:]
        members["audience"] = audience
        return .object(members)
    }
}
