@testable import Bridge

/// `data` of each type with every required field of docs/protocol.md#who-receives-what, involving the ``Viewer`` users:
/// requester 7, assignee 5, author 9.
enum SampleData {
    static let texts: [MessageType: String] = [
        .ticketCreated: #"{"ticket": {"id": 42, "title": "Printer", "requester_id": 7, "assignee_id": 5}}"#,
        .ticketStatusChanged: #"{"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "old_status": "open", "new_status": "closed"}"#,
        .ticketAssigned: #"{"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "previous_assignee_id": null, "assigned_by": 1}"#,
        .ticketCommentCreated: #"{"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 9, "is_internal": false}}"#,
        .userCreated: #"{"user": {"id": 7, "name": "Ann"}}"#,
        .userStatusChanged: #"{"user": {"id": 7}, "old_status": "inactive", "new_status": "active"}"#,
        .equipmentStatusChanged: #"{"equipment": {"id": 3, "assigned_user_id": 5}, "old_status": "ok", "new_status": "broken"}"#,
        .equipmentLocationChanged: #"{"equipment": {"id": 3, "assigned_user_id": 5}, "old_location": "A", "new_location": "B"}"#,
        .knowledgeArticleCreated: #"{"article": {"id": 8, "author_id": 9, "is_published": true}}"#,
        .knowledgeArticleUpdated: #"{"article": {"id": 8, "author_id": 9, "is_published": false}}"#,
        .systemNotificationCreated: #"{"notification": {"id": 1, "title": "Maintenance tonight"}}"#,
    ]

    static func data(_ type: MessageType) throws -> JSONValue {
        try json(texts[type] ?? "{}")
    }

    /// The required fields of docs/protocol.md#who-receives-what, written out here so the library's own list is checked too.
    static let requiredFields: [MessageType: [String]] = [
        .ticketCreated: ["ticket.id", "ticket.requester_id"],
        .ticketStatusChanged: ["ticket.id", "ticket.requester_id", "old_status", "new_status"],
        .ticketAssigned: ["ticket.id", "ticket.requester_id", "ticket.assignee_id"],
        .ticketCommentCreated: ["ticket.id", "ticket.requester_id", "comment.id", "comment.author_id"],
        .userCreated: ["user.id"],
        .userStatusChanged: ["user.id", "old_status", "new_status"],
        .equipmentStatusChanged: ["equipment.id", "old_status", "new_status"],
        .equipmentLocationChanged: ["equipment.id", "old_location", "new_location"],
        .knowledgeArticleCreated: ["article.id", "article.is_published"],
        .knowledgeArticleUpdated: ["article.id", "article.is_published"],
        .systemNotificationCreated: ["notification.id", "notification.title"],
    ]

    /// Every (type, required field) pair of docs/protocol.md#who-receives-what.
    static let requiredPairs: [(MessageType, String)] = MessageType.allCases.flatMap { type in
        (requiredFields[type] ?? []).map { (type, $0) }
    }
}
