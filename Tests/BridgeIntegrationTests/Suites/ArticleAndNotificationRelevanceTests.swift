import Testing

/// docs/protocol.md (relevance, flags in payloads): knowledge articles (published vs draft) and system notifications.
@Suite("Relevance: articles and notifications", .serialized, .stack())
struct ArticleAndNotificationRelevanceTests {
    static let articleTypes = ["knowledge_article_created", "knowledge_article_updated"]

    @Test("a published article (true, 1 or \"true\") reaches everyone",
          arguments: articleTypes, [JSONValue.bool(true), .int(1), .string("true")])
    func publishedArticle(type: String, published: JSONValue) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.article(type, published: published, author: 7))
        try await Routing(stack: stack).expect(type, reaches: cast.all, notReaches: [])
    }

    @Test("a draft (is_published false, 0, or not clearly true) reaches staff and its author only",
          arguments: articleTypes, [JSONValue.bool(false), .int(0), .string("yes")])
    func draftArticle(type: String, published: JSONValue) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.article(type, published: published, author: 7))
        try await Routing(stack: stack).expect(
            type, reaches: [cast.staff, cast.admin, cast.requester], notReaches: [cast.assignee, cast.other])
    }

    @Test("a notification without user_ids or roles reaches everyone")
    func broadcastNotification() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.notification())
        try await Routing(stack: stack).expect("system_notification_created", reaches: cast.all, notReaches: [])
    }

    @Test("a notification for user_ids reaches those users only (not staff)", arguments: [JSONValue.int(7), .string("7")])
    func notificationForUsers(id: JSONValue) async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.notification(userIDs: [id]))
        try await Routing(stack: stack).expect(
            "system_notification_created", reaches: [cast.requester],
            notReaches: [cast.staff, cast.admin, cast.assignee, cast.other])
    }

    @Test("a notification for roles reaches holders of those roles only")
    func notificationForRoles() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.notification(roles: ["technician"]))
        try await Routing(stack: stack).expect(
            "system_notification_created", reaches: [cast.staff],
            notReaches: [cast.admin, cast.requester, cast.assignee, cast.other])
    }

    @Test("a notification with both user_ids and roles reaches the union")
    func notificationForUsersAndRoles() async throws {
        let stack = try Stack.require()
        let cast = try await stack.cast()
        defer { cast.close() }
        try await stack.publish(Envelope.notification(userIDs: [9], roles: ["admin"]))
        try await Routing(stack: stack).expect(
            "system_notification_created", reaches: [cast.admin, cast.other],
            notReaches: [cast.staff, cast.requester, cast.assignee])
    }
}
