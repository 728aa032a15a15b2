import Testing
@testable import Bridge

/// docs/protocol.md#ingest-envelopes: what a Redis channel adds; the Redis prefix is stripped when present (bare on Redis
/// Cluster), `private-<BRIDGE_USER_CHANNEL>` means that user, other private/presence channels
/// cannot be authorised, anything else is public.
@Suite("Channel routes")
struct ChannelRouteTests {
    static let prefix = "laravel_database_"
    static let template = "App.Models.User.{id}"

    @Test("routes with the default user channel", arguments: [
        ("laravel_database_private-App.Models.User.5", ChannelRoute.user("5")),
        ("private-App.Models.User.5", .user("5")),
        ("laravel_database_private-App.Models.User.12345", .user("12345")),
        ("laravel_database_private-App.Models.User.abc-1", .user("abc-1")),
        ("laravel_database_ict.events", .publicChannel),
        ("ict.events", .publicChannel),
        ("laravel_database_App.Models.User.5", .publicChannel),
        ("laravel_database_private-encrypted-App.Models.User.5", .unauthorisable),
        ("laravel_database_presence-App.Models.User.5", .unauthorisable),
        ("presence-room.1", .unauthorisable),
        ("laravel_database_private-orders.1", .unauthorisable),
        ("laravel_database_private-App.Models.User.", .unauthorisable),
        ("laravel_database_private-App.Models.User.5.secrets", .unauthorisable),
        ("laravel_database_private-App.Models.Users.5", .unauthorisable),
    ])
    func defaultTemplate(channel: String, route: ChannelRoute) {
        #expect(ChannelRoute(channel: channel, prefix: Self.prefix, userChannel: Self.template) == route)
    }

    @Test("a prefix the bridge was not told about never makes a private or presence channel public", arguments: [
        ("", "laravel_database_private-App.Models.User.5", ChannelRoute.user("5")),
        ("", "myapp:private-orders.1", .unauthorisable),
        ("", "tenant_presence-room.1", .unauthorisable),
        ("", "ict.private-notes", .publicChannel),
        ("", "laravel_database_private-encrypted-App.Models.User.5", .unauthorisable),
        ("laravel_database_", "other_app_private-orders.1", .unauthorisable),
        ("", "laravel_database_ict.events", .publicChannel),
        ("", "ict.events", .publicChannel),
    ])
    func unknownPrefix(prefix: String, channel: String, route: ChannelRoute) {
        #expect(ChannelRoute(channel: channel, prefix: prefix, userChannel: Self.template) == route)
    }

    @Test("a custom BRIDGE_USER_CHANNEL template", arguments: [
        ("users.{id}", "laravel_database_private-users.42", ChannelRoute.user("42")),
        ("users.{id}", "laravel_database_private-App.Models.User.42", .unauthorisable),
        ("user.{id}.inbox", "laravel_database_private-user.42.inbox", .user("42")),
        ("user.{id}.inbox", "laravel_database_private-user.42.outbox", .unauthorisable),
        ("user.{id}.inbox", "laravel_database_private-user..inbox", .unauthorisable),
        ("{id}", "private-77", .user("77")),
        ("{id}", "private-encrypted-77", .unauthorisable),
        ("{id}", "presence-77", .unauthorisable),
    ])
    func customTemplate(template: String, channel: String, route: ChannelRoute) {
        #expect(ChannelRoute(channel: channel, prefix: Self.prefix, userChannel: template) == route)
    }
}
