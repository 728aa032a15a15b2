/// The relevance table of docs/protocol.md#who-receives-what in one place: who receives each type of message.
///
/// Pure and free of I/O: given a message's type, its `data` and the extra recipients from its
/// envelope and channel, it answers an ``Audience``.
struct RelevanceRules: Sendable {
    var roles: RoleConfiguration

    /// Statuses of `user_status_changed` that end the user's sessions with 4003.
    static let blockingStatuses: Set<String> = ["blocked", "inactive", "disabled"]

    init(roles: RoleConfiguration) {
        self.roles = roles
    }

    /// The audience of a message: the type's own rule, widened by `extra` (explicit audience and
    /// channel recipients), never lifting the restrictions on internal comments and drafts.
    func audience(type: MessageType?, data: JSONValue, extra: ExtraRecipients) -> Audience {
        var audience = type.map { baseAudience(of: $0, data: data) } ?? Audience()
        audience.everyone = audience.everyone || extra.everyone
        audience.users.formUnion(extra.users)
        audience.roles.formUnion(extra.roles)
        audience.excludedSessionId = extra.excludedSessionId
        return audience
    }

    /// The audience of a known type from its data alone.
    func baseAudience(of type: MessageType, data: JSONValue) -> Audience {
        var audience = Audience()
        let requester = data[path: "ticket.requester_id"]?.idString
        let assignee = data[path: "ticket.assignee_id"]?.idString
        switch type {
        case .ticketCreated, .ticketStatusChanged:
            audience.roles = roles.staffRoles
            audience.users = Set([requester, assignee].compactMap { $0 })
        case .ticketAssigned:
            audience.roles = roles.staffRoles
            audience.users = Set([requester, assignee, data["previous_assignee_id"]?.idString].compactMap { $0 })
        case .ticketCommentCreated:
            let author = data[path: "comment.author_id"]?.idString
            audience.roles = roles.staffRoles
            audience.users = Set([assignee, author].compactMap { $0 })
            if data[path: "comment.is_internal"].flag != .no {
                audience.restriction = .init(staffRoles: roles.staffRoles, users: Set([author].compactMap { $0 }))
            } else if let requester {
                audience.users.insert(requester)
            }
        case .userCreated:
            audience.roles = roles.adminRoles
        case .userStatusChanged:
            let user = data[path: "user.id"]?.idString
            audience.roles = roles.adminRoles
            audience.users = Set([user].compactMap { $0 })
            if case .string(let status)? = data["new_status"] {
                if Self.blockingStatuses.contains(status.lowercased()) {
                    audience.disconnectedUser = user
                } else if status.lowercased() == "active" {
                    audience.reactivatedUser = user
                }
            }
        case .equipmentStatusChanged, .equipmentLocationChanged:
            audience.roles = roles.staffRoles
            audience.users = Set([data[path: "equipment.assigned_user_id"]?.idString].compactMap { $0 })
        case .knowledgeArticleCreated, .knowledgeArticleUpdated:
            if data[path: "article.is_published"].flag == .yes {
                audience.everyone = true
            } else {
                let author = Set([data[path: "article.author_id"]?.idString].compactMap { $0 })
                audience.roles = roles.staffRoles
                audience.users = author
                audience.restriction = .init(staffRoles: roles.staffRoles, users: author)
            }
        case .systemNotificationCreated:
            let targets = data[path: "notification.user_ids"]?.idStrings ?? []
            let targetRoles = data[path: "notification.roles"]?.strings ?? []
            if targets.isEmpty && targetRoles.isEmpty {
                audience.everyone = true
            } else {
                audience.users = Set(targets)
                audience.roles = Set(targetRoles)
            }
        }
        return audience
    }
}
