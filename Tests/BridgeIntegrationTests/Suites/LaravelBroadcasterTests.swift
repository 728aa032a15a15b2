import Testing

/// docs/protocol.md#ingest-envelopes: Laravel's `redis` broadcaster, one EVAL PUBLISHing `{"event","data","socket"}` on every
/// channel (with the `laravel_database_` prefix), read through a PSUBSCRIBE pattern.
@Suite("Laravel broadcaster envelope", .serialized, .stack())
struct LaravelBroadcasterTests {
    private func ticketData() -> JSONValue {
        ["ticket": Envelope.ticket(requester: 7, assignee: 5), "previous_assignee_id": nil, "assigned_by": 1]
    }

    @Test("an event on several channels incl. user channels is typed, routed and delivered once per session",
          arguments: ["App\\Events\\TicketAssigned", ".ticket.assigned", "TicketAssigned", "ticket_assigned"])
    func multiChannelDeliveredOnce(event: String) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.laravelBroadcast(
            event: event, data: ticketData(),
            channels: ["private-App.Models.User.5", "private-App.Models.User.9", "tickets", "presence-ticket.42"])
        let frames = try await Routing(stack: stack).expect(
            "ticket_assigned", reaches: [cast.staff, cast.admin, cast.requester, cast.assignee, cast.other], notReaches: [])
        #expect(frames.allSatisfy { $0["data"]?["socket"] == nil }, "the socket copy inside data is dropped")
        #expect(Set(frames.compactMap { $0["id"]?.string }).count == 1, "one message, one id")
    }

    @Test("a known type on public or presence channels follows its rules; the channel adds nobody")
    func knownTypeOnPresenceChannel() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.laravelBroadcast(
            event: "App\\Events\\TicketCreated", data: ["ticket": Envelope.ticket(requester: 7)],
            channels: ["presence-helpdesk", "tickets"])
        try await Routing(stack: stack).expect(
            "ticket_created", reaches: [cast.staff, cast.admin, cast.requester], notReaches: [cast.assignee, cast.other])
    }

    @Test("socket (toOthers) excludes the session with that id, other sessions of the user still get it")
    func toOthersExcludesSocket() async throws {
        let stack = try Stack.require()
        let sender = try await stack.session("100", roles: ["technician"])
        let sibling = try await stack.session("100", roles: ["technician"])
        defer { sender.close(); sibling.close() }
        #expect(sender.sessionID != sibling.sessionID)
        try await stack.laravelBroadcast(
            event: "App\\Events\\TicketCreated", data: ["ticket": Envelope.ticket(requester: 7)],
            channels: ["tickets"], socket: sender.sessionID)
        try await Routing(stack: stack).expect("ticket_created", reaches: [sibling], notReaches: [sender])
    }

    @Test("a Laravel envelope on POST /broadcast is accepted and adds nobody")
    func laravelEnvelopeOnBroadcast() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let known: JSONValue = ["event": "App\\Events\\TicketCreated", "data": ["ticket": Envelope.ticket(requester: 7)], "socket": nil]
        #expect(try await stack.postBroadcast(known.bytes).status == 202)
        try await Routing(stack: stack, route: .broadcast).expect(
            "ticket_created", reaches: [cast.staff, cast.admin, cast.requester], notReaches: [cast.assignee, cast.other])
        let unknown: JSONValue = ["event": "InvoicePaid", "data": ["x": 4]]
        #expect(try await stack.postBroadcast(unknown.bytes).status == 202)
        try await Routing(stack: stack, route: .broadcast).expect("InvoicePaid", reaches: [], notReaches: cast.all)
    }
}
