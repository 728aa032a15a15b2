import Testing

extension Hardening {
    /// `comment.is_internal`, `article.is_published` and `audience.everyone` read true only for
    /// true, 1, "1", "true" (any case), false for absent, null, false, 0, "0", "false", "", and
    /// anything else the restrictive way: live, in `/messages` and on resume, by every ingest route.
    @Suite("Hardening: flag values", .serialized, .stack())
    struct FlagReadingTests {
        static let routes: [Routing.Route] = [.redis(channel: "ict.events"), .broadcast]

        @Test("a requester gets an internal comment only when is_internal reads false", arguments: routes)
        func internalComment(route: Routing.Route) async throws {
            let probe = FlagProbe(
                stack: try Stack.require(), watcher: "7", route: route,
                envelope: { value, id in Self.comment(isInternal: value, id: id) },
                idOf: Self.commentID, visible: [.no])
            try await probe.run()
        }

        @Test("a plain user who is not the author gets an article only when is_published reads true", arguments: routes)
        func draftArticle(route: Routing.Route) async throws {
            let probe = FlagProbe(
                stack: try Stack.require(), watcher: "9", route: route,
                envelope: { value, id in Envelope.listener("knowledge_article_created", ["article": Self.article(value, id: id)]) },
                idOf: Self.articleID, visible: [.yes], values: Self.present)
            try await probe.run()
        }

        @Test("audience.everyone adds a plain user to an admins-only event only when it reads true", arguments: routes)
        func everyone(route: Routing.Route) async throws {
            let probe = FlagProbe(
                stack: try Stack.require(), watcher: "9", route: route,
                envelope: { value, id in
                    var audience: [String: JSONValue] = [:]
                    audience["everyone"] = value
                    return Envelope.listener("user_created", ["user": ["id": .int(id)]], audience: .object(audience))
                },
                idOf: { $0["type"] == "user_created" ? $0["data"]?["user"]?["id"]?.int : nil }, visible: [.yes])
            try await probe.run()
        }

        @Test("Laravel broadcaster envelopes: internal comments and drafts read the same way")
        func laravelEnvelopes() async throws {
            let stack = try Stack.require()
            let channel = Routing.Route.redis(channel: stack.configuration.redisPrefix + "private-App.Models.User.100")
            try await FlagProbe(
                stack: stack, watcher: "7", route: channel, markerRoute: .redis(channel: "ict.events"),
                envelope: { value, id in Self.laravel("App\\Events\\TicketCommentCreated", Self.comment(isInternal: value, id: id)) },
                idOf: Self.commentID, visible: [.no]
            ).run()
            try await FlagProbe(
                stack: stack, watcher: "9", route: channel, markerRoute: .redis(channel: "ict.events"),
                envelope: { value, id in Self.laravel(".knowledge.article.created", ["article": Self.article(value, id: id)]) },
                idOf: Self.articleID, visible: [.yes], values: Self.present
            ).run()
        }

        /// `article.is_published` is a required field (absent or null refuses the envelope on
        /// `/broadcast`): every other value. `missingPublishedFlag` covers those two.
        static let present = FlagValue.all.filter { $0.value != nil && $0.value != .null }

        @Test("an article whose is_published is absent or null is refused or kept a draft", arguments: [nil, JSONValue.null])
        func missingPublishedFlag(published: JSONValue?) async throws {
            let stack = try Stack.require()
            let session = try await stack.session("9")
            defer { session.close() }
            let response = try await stack.postBroadcast(
                Envelope.listener("knowledge_article_created", ["article": Self.article(published, id: Envelope.uniqueID())]).bytes)
            #expect(response.status == 202 || response.status == 400, "\(response.status) \(response.text)")
            try await stack.publish(Envelope.listener("knowledge_article_created", ["article": Self.article(published, id: 1)]))
            try await Routing(stack: stack).expect("knowledge_article_created", reaches: [], notReaches: [session])
        }

        static func comment(isInternal: JSONValue?, id: Int) -> JSONValue {
            var comment: [String: JSONValue] = ["id": .int(id), "author_id": 100, "body": "Hello"]
            comment["is_internal"] = isInternal
            return Envelope.listener("ticket_comment_created", [
                "ticket": Envelope.ticket(requester: 7, assignee: 5), "comment": .object(comment),
            ])
        }

        static func article(_ published: JSONValue?, id: Int) -> JSONValue {
            var article: [String: JSONValue] = ["id": .int(id), "title": "How to", "author_id": 100]
            article["is_published"] = published
            return .object(article)
        }

        /// `{"event","data","socket":null}` carrying a listener envelope's data.
        static func laravel(_ event: String, _ envelope: JSONValue) -> JSONValue {
            ["event": .string(event), "data": envelope["data"] ?? [:], "socket": nil]
        }

        static func laravel(_ event: String, _ data: [String: JSONValue]) -> JSONValue {
            ["event": .string(event), "data": .object(data), "socket": nil]
        }

        static let commentID: @Sendable (JSONValue) -> Int? = {
            $0["type"] == "ticket_comment_created" ? $0["data"]?["comment"]?["id"]?.int : nil
        }

        static let articleID: @Sendable (JSONValue) -> Int? = {
            $0["type"] == "knowledge_article_created" ? $0["data"]?["article"]?["id"]?.int : nil
        }
    }
}
