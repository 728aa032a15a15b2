import Testing
@testable import Bridge

/// One row of the relevance table of docs/protocol.md#who-receives-what with concrete data.
struct RelevanceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let type: MessageType
    let data: String
    let admitted: Set<String>

    var testDescription: String { name }

    static let staff: Set<String> = ["staff", "admin"]
    static let everyone = Set(Viewer.all.map(\.name))

    /// The eleven types with ``SampleData`` (requester 7, assignee 5, author 9), then variants.
    static let all: [RelevanceCase] = [
        .init(name: "ticket_created", type: .ticketCreated, data: SampleData.texts[.ticketCreated] ?? "",
              admitted: staff.union(["requester", "assignee"])),
        .init(name: "ticket_status_changed", type: .ticketStatusChanged, data: SampleData.texts[.ticketStatusChanged] ?? "",
              admitted: staff.union(["requester", "assignee"])),
        .init(name: "ticket_assigned, previous_assignee_id null", type: .ticketAssigned,
              data: SampleData.texts[.ticketAssigned] ?? "", admitted: staff.union(["requester", "assignee"])),
        .init(name: "ticket_comment_created, public", type: .ticketCommentCreated,
              data: SampleData.texts[.ticketCommentCreated] ?? "", admitted: staff.union(["requester", "assignee", "author"])),
        .init(name: "user_created", type: .userCreated, data: SampleData.texts[.userCreated] ?? "", admitted: ["admin"]),
        .init(name: "user_status_changed of user 7", type: .userStatusChanged, data: SampleData.texts[.userStatusChanged] ?? "",
              admitted: ["admin", "requester"]),
        .init(name: "equipment_status_changed, assigned to 5", type: .equipmentStatusChanged,
              data: SampleData.texts[.equipmentStatusChanged] ?? "", admitted: staff.union(["assignee"])),
        .init(name: "equipment_location_changed, assigned to 5", type: .equipmentLocationChanged,
              data: SampleData.texts[.equipmentLocationChanged] ?? "", admitted: staff.union(["assignee"])),
        .init(name: "knowledge_article_created, published", type: .knowledgeArticleCreated,
              data: SampleData.texts[.knowledgeArticleCreated] ?? "", admitted: everyone),
        .init(name: "knowledge_article_updated, draft", type: .knowledgeArticleUpdated,
              data: SampleData.texts[.knowledgeArticleUpdated] ?? "", admitted: staff.union(["author"])),
        .init(name: "system_notification_created, untargeted", type: .systemNotificationCreated,
              data: SampleData.texts[.systemNotificationCreated] ?? "", admitted: everyone),
        // Variants the table spells out.
        .init(name: "ticket_assigned, previous assignee 9", type: .ticketAssigned,
              data: #"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}, "previous_assignee_id": 9}"#,
              admitted: staff.union(["requester", "assignee", "author"])),
        .init(name: "ticket_created without assignee", type: .ticketCreated,
              data: #"{"ticket": {"id": 1, "requester_id": 7}}"#, admitted: staff.union(["requester"])),
        .init(name: "ticket_comment_created, internal", type: .ticketCommentCreated,
              data: #"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 9, "is_internal": true}}"#,
              admitted: staff.union(["author"])),
        .init(name: "ticket_comment_created, is_internal absent", type: .ticketCommentCreated,
              data: #"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 9}}"#,
              admitted: staff.union(["requester", "assignee", "author"])),
        .init(name: "ticket_comment_created, is_internal \"true\" is internal", type: .ticketCommentCreated,
              data: #"{"ticket": {"id": 1, "requester_id": 7}, "comment": {"id": 3, "author_id": 9, "is_internal": "true"}}"#,
              admitted: staff.union(["author"])),
        .init(name: "ticket_comment_created, is_internal 0 is public", type: .ticketCommentCreated,
              data: #"{"ticket": {"id": 1, "requester_id": 7}, "comment": {"id": 3, "author_id": 9, "is_internal": 0}}"#,
              admitted: staff.union(["requester", "author"])),
        .init(name: "user_status_changed to blocked", type: .userStatusChanged,
              data: #"{"user": {"id": 7}, "old_status": "active", "new_status": "blocked"}"#, admitted: ["admin", "requester"]),
        .init(name: "equipment without assigned user", type: .equipmentStatusChanged,
              data: #"{"equipment": {"id": 3}, "old_status": "ok", "new_status": "broken"}"#, admitted: staff),
        .init(name: "knowledge_article_created, is_published \"yes\" is a draft", type: .knowledgeArticleCreated,
              data: #"{"article": {"id": 8, "author_id": 9, "is_published": "yes"}}"#, admitted: staff.union(["author"])),
        .init(name: "knowledge_article_updated, is_published 1 is published", type: .knowledgeArticleUpdated,
              data: #"{"article": {"id": 8, "author_id": 9, "is_published": 1}}"#, admitted: everyone),
        .init(name: "knowledge_article_updated, published", type: .knowledgeArticleUpdated,
              data: #"{"article": {"id": 8, "author_id": 9, "is_published": true}}"#, admitted: everyone),
        .init(name: "system_notification_created for users 7 and 9", type: .systemNotificationCreated,
              data: #"{"notification": {"id": 1, "title": "t", "user_ids": [7, "9"]}}"#, admitted: ["requester", "author"]),
        .init(name: "system_notification_created for role technician", type: .systemNotificationCreated,
              data: #"{"notification": {"id": 1, "title": "t", "roles": ["technician"]}}"#, admitted: ["staff"]),
        .init(name: "system_notification_created for user 5 and role admin", type: .systemNotificationCreated,
              data: #"{"notification": {"id": 1, "title": "t", "user_ids": [5], "roles": ["admin"]}}"#,
              admitted: ["assignee", "admin"]),
        .init(name: "system_notification_created, empty targets", type: .systemNotificationCreated,
              data: #"{"notification": {"id": 1, "title": "t", "user_ids": [], "roles": []}}"#, admitted: everyone),
    ]
}

/// docs/protocol.md#who-receives-what "Relevance": who receives each type, and what an audience can and cannot change.
@Suite("Relevance rules")
struct RelevanceRulesTests {
    let rules = RelevanceRules(roles: RoleConfiguration())

    func audience(_ type: MessageType, _ data: String, extra: ExtraRecipients = .init()) throws -> Audience {
        rules.audience(type: type, data: try json(data), extra: extra)
    }

    @Test("who is admitted, per type and session", arguments: RelevanceCase.all, Viewer.all)
    func admission(row: RelevanceCase, viewer: Viewer) throws {
        let admitted = try audience(row.type, row.data).admits(viewer)
        #expect(admitted == row.admitted.contains(viewer.name),
                "\(row.name): \(viewer.name) should \(row.admitted.contains(viewer.name) ? "" : "not ")receive it")
    }

    @Test("the table covers all eleven types")
    func tableCoversEveryType() {
        #expect(Set(RelevanceCase.all.map(\.type)) == Set(MessageType.allCases))
        #expect(MessageType.allCases.count == 11)
    }

    // MARK: - Restrictions an audience cannot lift

    static let everything = ExtraRecipients(everyone: true, users: ["7", "5", "200"], roles: ["manager"])

    @Test("an internal comment reaches no non-staff session but its author, whatever the audience adds")
    func internalCommentRestriction() throws {
        let data = #"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 9, "is_internal": true}}"#
        let audience = try audience(.ticketCommentCreated, data, extra: Self.everything)
        #expect(audience.admitted() == ["staff", "admin", "author"])
        #expect(!audience.admits(Viewer("manager", user: "300", roles: ["manager"])))
    }

    @Test("a draft article reaches no non-staff session but its author, whatever the audience adds")
    func draftArticleRestriction() throws {
        let audience = try audience(.knowledgeArticleCreated, SampleData.texts[.knowledgeArticleUpdated] ?? "",
                                    extra: Self.everything)
        #expect(audience.admitted() == ["staff", "admin", "author"])
        #expect(!audience.admits(Viewer("manager", user: "300", roles: ["manager"])))
    }

    @Test("an audience adds users and roles to any other type", arguments: [
        MessageType.userCreated, .userStatusChanged, .ticketCreated, .equipmentLocationChanged,
    ])
    func audienceAdds(type: MessageType) throws {
        let extra = ExtraRecipients(users: ["200"], roles: ["manager"])
        let audience = try audience(type, SampleData.texts[type] ?? "", extra: extra)
        #expect(audience.admits(.other))
        #expect(audience.admits(Viewer("manager", user: "300", roles: ["manager"])))
        #expect(!audience.admits(Viewer("stranger", user: "301")))
    }

    @Test("an audience adds users to a targeted notification")
    func audienceAddsToTargetedNotification() throws {
        let data = #"{"notification": {"id": 1, "title": "t", "user_ids": [7]}}"#
        let audience = try audience(.systemNotificationCreated, data, extra: ExtraRecipients(users: ["9"]))
        #expect(audience.admitted() == ["requester", "author"])
    }

    // MARK: - Details

    @Test("previous_assignee_id null adds nobody")
    func previousAssigneeNull() throws {
        let audience = try audience(.ticketAssigned, SampleData.texts[.ticketAssigned] ?? "")
        #expect(audience.users == ["7", "5"])
    }

    @Test("new_status blocked, inactive or disabled marks the user for disconnection, who still receives it",
          arguments: ["blocked", "inactive", "disabled", "Blocked"])
    func blockingStatuses(status: String) throws {
        let data = #"{"user": {"id": 7}, "old_status": "active", "new_status": "\#(status)"}"#
        let audience = try audience(.userStatusChanged, data)
        #expect(audience.disconnectedUser == "7")
        #expect(audience.admits(.requester))
    }

    @Test("other statuses disconnect nobody", arguments: ["active", "pending", ""])
    func nonBlockingStatuses(status: String) throws {
        let data = #"{"user": {"id": 7}, "old_status": "blocked", "new_status": "\#(status)"}"#
        #expect(try audience(.userStatusChanged, data).disconnectedUser == nil)
    }

    @Test("only user_status_changed disconnects", arguments: MessageType.allCases.filter { $0 != .userStatusChanged })
    func onlyUserStatusDisconnects(type: MessageType) throws {
        let data = try SampleData.data(type).setting(path: "new_status", to: .string("blocked"))
        #expect(rules.audience(type: type, data: data, extra: .init()).disconnectedUser == nil)
    }

    @Test("user ids match as strings: 5 equals \"5\"", arguments: [
        #"{"ticket": {"id": 1, "requester_id": "7", "assignee_id": "5"}}"#,
        #"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}}"#,
        #"{"ticket": {"id": 1, "requester_id": 7.0, "assignee_id": 5.0}}"#,
    ])
    func idsMatchAsStrings(data: String) throws {
        let audience = try audience(.ticketCreated, data)
        #expect(audience.admits(.requester))
        #expect(audience.admits(.assignee))
        #expect(!audience.admits(.author))
    }

    @Test("ids in an audience and in notification targets match as strings too")
    func audienceIdsMatchAsStrings() throws {
        let data = #"{"notification": {"id": 1, "title": "t", "user_ids": ["7", 5]}}"#
        #expect(try audience(.systemNotificationCreated, data).admitted() == ["requester", "assignee"])
        let message = try #require(EnvelopeDecoder.laravel.decode(
            #"{"type": "invoice_paid", "audience": {"users": [9, "200"]}}"#, channel: nil).success)
        #expect(message.audience.admitted() == ["author", "other"])
    }

    @Test("staff and admin roles come from the configuration")
    func configuredRoles() throws {
        let rules = RelevanceRules(roles: RoleConfiguration(staffRoles: ["agent"], adminRoles: ["root"]))
        let agent = Viewer("agent", user: "400", roles: ["agent"])
        let root = Viewer("root", user: "401", roles: ["root"])
        let ticket = rules.audience(type: .ticketCreated, data: try SampleData.data(.ticketCreated), extra: .init())
        #expect(ticket.admits(agent))
        #expect(!ticket.admits(.staff) && !ticket.admits(.admin))
        let user = rules.audience(type: .userCreated, data: try SampleData.data(.userCreated), extra: .init())
        #expect(user.admits(root))
        #expect(!user.admits(agent) && !user.admits(.admin))
    }

    @Test("an unknown type reaches only its extra recipients")
    func unknownType() throws {
        let audience = rules.audience(type: nil, data: .object([:]), extra: ExtraRecipients(users: ["9"]))
        #expect(audience.admitted() == ["author"])
        #expect(rules.audience(type: nil, data: .object([:]), extra: .init()).admitted().isEmpty)
    }
}
