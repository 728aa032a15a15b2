import Testing

/// docs/protocol.md#who-receives-what: user and equipment events.
@Suite("Relevance: users and equipment", .serialized, .stack())
struct UserAndEquipmentRelevanceTests {
    @Test("user_created reaches admins only, not technicians nor the created user")
    func userCreated() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.userCreated(user: 9))
        try await Routing(stack: stack).expect(
            "user_created", reaches: [cast.admin], notReaches: [cast.staff, cast.requester, cast.assignee, cast.other])
    }

    @Test("user_status_changed reaches admins and that user")
    func userStatusChanged() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.userStatusChanged(user: 9, to: "active"))
        try await Routing(stack: stack).expect(
            "user_status_changed", reaches: [cast.admin, cast.other],
            notReaches: [cast.staff, cast.requester, cast.assignee])
    }

    @Test("equipment events reach staff and the assigned user",
          arguments: ["equipment_status_changed", "equipment_location_changed"])
    func equipmentAssigned(type: String) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let envelope = type == "equipment_status_changed"
            ? Envelope.equipmentStatusChanged(assignedUser: 7) : Envelope.equipmentLocationChanged(assignedUser: 7)
        try await stack.publish(envelope)
        try await Routing(stack: stack).expect(
            type, reaches: [cast.staff, cast.admin, cast.requester], notReaches: [cast.assignee, cast.other])
    }

    @Test("equipment events without an assigned user reach staff only",
          arguments: ["equipment_status_changed", "equipment_location_changed"])
    func equipmentUnassigned(type: String) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        let envelope = type == "equipment_status_changed"
            ? Envelope.equipmentStatusChanged(assignedUser: nil) : Envelope.equipmentLocationChanged(assignedUser: nil)
        try await stack.publish(envelope)
        try await Routing(stack: stack).expect(
            type, reaches: [cast.staff, cast.admin], notReaches: [cast.requester, cast.assignee, cast.other])
    }
}
