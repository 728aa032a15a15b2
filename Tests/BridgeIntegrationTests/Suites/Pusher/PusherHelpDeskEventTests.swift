import Testing

/// docs/pusher.md#help-desk-events: a Pusher connection signed in as a user with roles receives
/// the help-desk events a `/ws` session of that user with those roles receives, and only those,
/// on `#server-to-user-{id}`; a connection that did not sign in receives none.
@Suite("Pusher: help-desk events", .serialized, .stack(PusherTestApp.configuration))
struct PusherHelpDeskEventTests {
    /// The usual cast, once as `/ws` sessions and once as signed-in Pusher connections.
    struct Viewers {
        let sessions: Cast
        let pusher: [String: PusherClient]
        let ids = Cast.IDs()

        static func open(_ stack: Stack) async throws -> Viewers {
            let ids = Cast.IDs()
            let roles = [ids.staff: ["technician"], ids.admin: ["admin"], ids.requester: [], ids.assignee: [], ids.other: ["manager"]]
            var pusher: [String: PusherClient] = [:]
            for (id, userRoles) in roles { pusher[id] = try await PusherClient.signedIn(port: stack.port, id: id, roles: userRoles) }
            return Viewers(sessions: try await stack.cast(ids), pusher: pusher)
        }

        func close() {
            sessions.close()
            pusher.values.forEach { $0.close() }
        }

        /// Publishes `envelope` and one marker after it, then requires `type` for exactly the users
        /// `receivers`, on `/ws` and on Pusher alike.
        @discardableResult
        func expect(_ envelope: JSONValue, _ type: String, reaches receivers: Set<String>, on stack: Stack,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
            try await stack.publish(envelope)
            let marker = Envelope.uniqueID()
            try await stack.publish(Envelope.notification(id: marker))
            let sessionsOf = { (wanted: Bool) in sessions.all.filter { receivers.contains($0.user) == wanted } }
            try await Routing(stack: stack).expect(type, reaches: sessionsOf(true), notReaches: sessionsOf(false), markerSent: marker,
                                                   sourceLocation: sourceLocation)
            let clientsOf = { (wanted: Bool) in pusher.filter { receivers.contains($0.key) == wanted }.map { ($0.value, $0.key) } }
            return try await PusherUserRouting { try await stack.publish($0) }
                .expect(type, reaches: clientsOf(true), notReaches: clientsOf(false), markerSent: marker, sourceLocation: sourceLocation)
        }
    }

    @Test("an internal comment reaches staff only, a public one the requester and assignee too, as on /ws")
    func comments() async throws {
        let stack = try Stack.require()
        let viewers = try await Viewers.open(stack)
        defer { viewers.close() }
        let ids = viewers.ids
        let requester = Int(ids.requester) ?? 0, assignee = Int(ids.assignee) ?? 0, staff = Int(ids.staff) ?? 0
        let hidden = Envelope.commentCreated(requester: requester, assignee: assignee, author: staff, isInternal: true)
        let frames = try await viewers.expect(hidden, "ticket_comment_created", reaches: [ids.staff, ids.admin], on: stack)
        let data = try JSONValue.parse(try #require(frames.first?["data"]?.string))
        #expect(data["comment"]?["is_internal"] == true)
        #expect(data["ticket"]?["requester_id"]?.int == requester)
        let open = Envelope.commentCreated(requester: requester, assignee: assignee, author: staff, isInternal: false)
        try await viewers.expect(open, "ticket_comment_created", reaches: [ids.staff, ids.admin, ids.requester, ids.assignee], on: stack)
    }

    @Test("admins only, targeted roles only, and everyone, as on /ws; a connection not signed in gets none")
    func audiences() async throws {
        let stack = try Stack.require()
        let viewers = try await Viewers.open(stack)
        let anonymous = try await PusherClient.connect(port: stack.port)
        defer { viewers.close(); anonymous.close() }
        try await anonymous.join("tickets")
        let ids = viewers.ids
        try await viewers.expect(Envelope.userCreated(user: 77), "user_created", reaches: [ids.admin], on: stack)
        try await viewers.expect(Envelope.notification(roles: ["manager"]), "system_notification_created", reaches: [ids.other], on: stack)
        try await viewers.expect(Envelope.article(published: true, author: 1), "knowledge_article_created",
                                  reaches: [ids.staff, ids.admin, ids.requester, ids.assignee, ids.other], on: stack)
        try await stack.pusherExpectNothing(anonymous, markerChannel: "tickets")
    }

    @Test("Laravel's socket (toOthers) leaves out that signed-in connection, not its user's other connections")
    func toOthers() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.signedIn(port: stack.port, id: "100", roles: ["technician"])
        let sameUser = try await PusherClient.signedIn(port: stack.port, id: "100", roles: ["technician"])
        defer { sender.close(); sameUser.close() }
        try await stack.laravelBroadcast(event: "App\\Events\\TicketCreated", data: ["ticket": ["id": 12, "requester_id": 7]],
                                         channels: ["tickets"], socket: sender.socketId)
        try await PusherUserRouting { try await stack.publish($0) }
            .expect("ticket_created", reaches: [(sameUser, "100")], notReaches: [(sender, "100")])
    }
}
