/// The eleven help-desk event types of docs/protocol.md#who-receives-what, each with the fields it cannot do without.
enum MessageType: String, Sendable, CaseIterable {
    case ticketCreated = "ticket_created"
    case ticketStatusChanged = "ticket_status_changed"
    case ticketAssigned = "ticket_assigned"
    case ticketCommentCreated = "ticket_comment_created"
    case userCreated = "user_created"
    case userStatusChanged = "user_status_changed"
    case equipmentStatusChanged = "equipment_status_changed"
    case equipmentLocationChanged = "equipment_location_changed"
    case knowledgeArticleCreated = "knowledge_article_created"
    case knowledgeArticleUpdated = "knowledge_article_updated"
    case systemNotificationCreated = "system_notification_created"

    /// Dotted paths in `data` that must be present (and not null).
    var requiredFields: [String] {
        switch self {
        case .ticketCreated: ["ticket.id", "ticket.requester_id"]
        case .ticketStatusChanged: ["ticket.id", "ticket.requester_id", "old_status", "new_status"]
        case .ticketAssigned: ["ticket.id", "ticket.requester_id", "ticket.assignee_id"]
        case .ticketCommentCreated: ["ticket.id", "ticket.requester_id", "comment.id", "comment.author_id"]
        case .userCreated: ["user.id"]
        case .userStatusChanged: ["user.id", "old_status", "new_status"]
        case .equipmentStatusChanged: ["equipment.id", "old_status", "new_status"]
        case .equipmentLocationChanged: ["equipment.id", "old_location", "new_location"]
        case .knowledgeArticleCreated, .knowledgeArticleUpdated: ["article.id", "article.is_published"]
        case .systemNotificationCreated: ["notification.id", "notification.title"]
        }
    }

    /// The first required field missing from `data`, if any.
    func missingField(in data: JSONValue) -> String? {
        requiredFields.first { path in
            guard let value = data[path: path] else { return true }
            return value.isNull
        }
    }
}
