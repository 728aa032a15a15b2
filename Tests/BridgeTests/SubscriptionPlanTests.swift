import Testing
@testable import Bridge

/// README.md#configuration `BRIDGE_CHANNELS` and `BRIDGE_REDIS_PREFIX`: channels are SUBSCRIBEd, entries with
/// `*` or `?` PSUBSCRIBEd, each also under the prefix Laravel publishes with.
@Suite("Subscription plan")
struct SubscriptionPlanTests {
    @Test("the default channel, no prefix")
    func defaultChannel() {
        let plan = SubscriptionPlan(entries: ["ict.events"], prefix: "")
        #expect(plan.channels == ["ict.events"])
        #expect(plan.patterns.isEmpty)
        #expect(plan.count == 1)
    }

    @Test("entries with * or ? are patterns", arguments: ["private-App.Models.User.*", "ict.?", "*"])
    func patterns(entry: String) {
        let plan = SubscriptionPlan(entries: [entry, "ict.events"], prefix: "")
        #expect(plan.patterns == [entry])
        #expect(plan.channels == ["ict.events"])
    }

    @Test("with a prefix each entry is taken bare (Redis Cluster) and prefixed")
    func prefixed() {
        let plan = SubscriptionPlan(entries: ["ict.events", "private-App.Models.User.*"], prefix: "laravel_database_")
        #expect(plan.channels == ["ict.events", "laravel_database_ict.events"])
        #expect(plan.patterns == ["private-App.Models.User.*", "laravel_database_private-App.Models.User.*"])
        #expect(plan.count == 4)
    }

    @Test("an entry that already has the prefix is not prefixed twice")
    func alreadyPrefixed() {
        let plan = SubscriptionPlan(entries: ["laravel_database_ict.events"], prefix: "laravel_database_")
        #expect(plan.channels == ["laravel_database_ict.events"])
    }

    @Test("duplicates are subscribed once, in first-seen order")
    func duplicates() {
        let plan = SubscriptionPlan(entries: ["b", "a", "b", "laravel_database_a", "x*", "x*"], prefix: "laravel_database_")
        #expect(plan.channels == ["b", "laravel_database_b", "a", "laravel_database_a"])
        #expect(plan.patterns == ["x*", "laravel_database_x*"])
        #expect(plan.count == 6)
    }

    @Test("no prefixed copy of a pattern its bare form already matches (Redis would deliver each publication twice)",
          arguments: ["*", "*.events", "*App.Models.User.*"])
    func noOverlappingPatterns(entry: String) {
        let plan = SubscriptionPlan(entries: [entry], prefix: "laravel_database_")
        #expect(plan.patterns == [entry])
    }
}
