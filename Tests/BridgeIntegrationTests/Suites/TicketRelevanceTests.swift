import Testing

/// docs/protocol.md#who-receives-what: who receives the four ticket events. Cast: technician 100, admin 101 (both staff),
/// requester 7, assignee 5, unrelated manager 9.
@Suite("Relevance: tickets", .serialized, .stack())
struct TicketRelevanceTests {
    @Test("ticket_created: staff, requester and assignee; not an unrelated user")
    func ticketCreated() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.ticketCreated(requester: 7, assignee: 5))
        try await Routing(stack: stack).expect(
            "ticket_created", reaches: [cast.staff, cast.admin, cast.requester, cast.assignee], notReaches: [cast.other])
    }

    @Test("ticket_created without assignee does not reach user 5")
    func ticketCreatedUnassigned() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.ticketCreated(requester: 7))
        try await Routing(stack: stack).expect(
            "ticket_created", reaches: [cast.staff, cast.admin, cast.requester], notReaches: [cast.assignee, cast.other])
    }

    @Test("ticket_status_changed: staff, requester and assignee")
    func statusChanged() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.ticketStatusChanged(requester: 7, assignee: 5))
        try await Routing(stack: stack).expect(
            "ticket_status_changed", reaches: [cast.staff, cast.admin, cast.requester, cast.assignee],
            notReaches: [cast.other])
    }

    @Test("ticket_assigned: staff, requester, new assignee and previous assignee")
    func assignedWithPrevious() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let previous = try await stack.session("3")
        defer { cast.close(); previous.close() }
        try await stack.publish(Envelope.ticketAssigned(requester: 7, assignee: 5, previous: 3))
        try await Routing(stack: stack).expect(
            "ticket_assigned", reaches: [cast.staff, cast.admin, cast.requester, cast.assignee, previous],
            notReaches: [cast.other])
    }

    @Test("ticket_assigned with previous_assignee_id null adds nobody")
    func assignedWithoutPrevious() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let previous = try await stack.session("3")
        defer { cast.close(); previous.close() }
        try await stack.publish(Envelope.ticketAssigned(requester: 7, assignee: 5, previous: nil))
        try await Routing(stack: stack).expect(
            "ticket_assigned", reaches: [cast.staff, cast.requester, cast.assignee], notReaches: [cast.other, previous])
    }

    @Test("a public comment (is_internal false or absent) reaches staff, assignee, author and requester",
          arguments: [JSONValue.bool(false), .null])
    func publicComment(isInternal: JSONValue) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let author = try await stack.session("11")
        defer { cast.close(); author.close() }
        let flag: JSONValue? = isInternal.isNull ? nil : isInternal
        try await stack.publish(Envelope.commentCreated(requester: 7, assignee: 5, author: 11, isInternal: flag))
        try await Routing(stack: stack).expect(
            "ticket_comment_created", reaches: [cast.staff, cast.admin, cast.assignee, author, cast.requester],
            notReaches: [cast.other])
    }

    @Test("an internal comment reaches staff and its author, not the requester")
    func internalComment() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        let author = try await stack.session("11")
        let staffAssignee = try await stack.session("12", roles: ["technician"])
        defer { cast.close(); author.close(); staffAssignee.close() }
        try await stack.publish(Envelope.commentCreated(requester: 7, assignee: 12, author: 11, isInternal: true))
        try await Routing(stack: stack).expect(
            "ticket_comment_created", reaches: [cast.staff, cast.admin, staffAssignee, author],
            notReaches: [cast.requester, cast.other])
    }

    @Test("an internal comment written by the requester still reaches the requester (its author)")
    func internalCommentByRequester() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.commentCreated(requester: 7, assignee: 100, author: 7, isInternal: true))
        try await Routing(stack: stack).expect(
            "ticket_comment_created", reaches: [cast.staff, cast.requester], notReaches: [cast.assignee, cast.other])
    }
}
