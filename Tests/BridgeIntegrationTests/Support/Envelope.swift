import NIOConcurrencyHelpers

/// Listener envelopes (what php-listener publishes) for the eleven types of docs/protocol.md#who-receives-what.
enum Envelope {
    private static let counter = NIOLockedValueBox(1000)

    /// A fresh id for tickets, comments, notifications… so tests never confuse two events.
    static func uniqueID() -> Int {
        counter.withLockedValue { value in
            value += 1
            return value
        }
    }

    static func listener(_ type: String, _ data: JSONValue, audience: JSONValue? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["type": .string(type), "data": data, "occurred_at": "2026-11-26T15:00:00Z"]
        members["audience"] = audience
        return .object(members)
    }

    static func ticket(requester: Int, assignee: Int? = nil, id: Int = uniqueID()) -> JSONValue {
        ["id": .int(id), "title": "Printer", "status": "open", "requester_id": .int(requester),
         "assignee_id": assignee.map(JSONValue.int) ?? .null]
    }

    static func ticketCreated(requester: Int, assignee: Int? = nil) -> JSONValue {
        listener("ticket_created", ["ticket": ticket(requester: requester, assignee: assignee)])
    }

    static func ticketStatusChanged(requester: Int, assignee: Int? = nil) -> JSONValue {
        listener("ticket_status_changed", [
            "ticket": ticket(requester: requester, assignee: assignee), "old_status": "open", "new_status": "closed",
        ])
    }

    static func ticketAssigned(requester: Int, assignee: Int, previous: Int?) -> JSONValue {
        listener("ticket_assigned", [
            "ticket": ticket(requester: requester, assignee: assignee),
            "previous_assignee_id": previous.map(JSONValue.int) ?? .null, "assigned_by": 1,
        ])
    }

    static func commentCreated(requester: Int, assignee: Int?, author: Int, isInternal: JSONValue?) -> JSONValue {
        var comment: [String: JSONValue] = ["id": .int(uniqueID()), "author_id": .int(author), "body": "Hello"]
        comment["is_internal"] = isInternal
        return listener("ticket_comment_created", [
            "ticket": ticket(requester: requester, assignee: assignee), "comment": .object(comment),
        ])
    }

    static func userCreated(user: Int) -> JSONValue {
        listener("user_created", ["user": ["id": .int(user), "name": "New user"]])
    }

    static func userStatusChanged(user: JSONValue, to newStatus: String) -> JSONValue {
        listener("user_status_changed", ["user": ["id": user], "old_status": "active", "new_status": .string(newStatus)])
    }

    static func equipmentStatusChanged(assignedUser: Int?) -> JSONValue {
        listener("equipment_status_changed", [
            "equipment": equipment(assignedUser: assignedUser), "old_status": "working", "new_status": "broken",
        ])
    }

    static func equipmentLocationChanged(assignedUser: Int?) -> JSONValue {
        listener("equipment_location_changed", [
            "equipment": equipment(assignedUser: assignedUser), "old_location": "Room 1", "new_location": "Room 2",
        ])
    }

    static func article(_ type: String = "knowledge_article_created", published: JSONValue, author: Int) -> JSONValue {
        listener(type, ["article": ["id": .int(uniqueID()), "title": "How to", "is_published": published, "author_id": .int(author)]])
    }

    static func notification(userIDs: JSONValue? = nil, roles: JSONValue? = nil, id: Int = uniqueID()) -> JSONValue {
        var notification: [String: JSONValue] = ["id": .int(id), "title": "Maintenance tonight"]
        notification["user_ids"] = userIDs
        notification["roles"] = roles
        return listener("system_notification_created", ["notification": .object(notification)])
    }

    private static func equipment(assignedUser: Int?) -> JSONValue {
        ["id": .int(uniqueID()), "name": "Laptop", "assigned_user_id": assignedUser.map(JSONValue.int) ?? .null]
    }
}
