@testable import Bridge
import Testing

/// docs/pusher.md#channel-events: Laravel events on a channel carry a ChannelEvent once a Pusher
/// app is configured, and only then are events on channels `/ws` cannot authorise accepted.
@Suite("Channel events")
struct ChannelEventTests {
    static let pusher = EnvelopeDecoder(rules: RelevanceRules(roles: RoleConfiguration()), redisPrefix: "laravel_database_",
                                        userChannel: "App.Models.User.{id}", channelEvents: true)
    static let envelope = #"{"event":"OrderShipped","data":{"order":{"id":3},"socket":"1.2"},"socket":"1.2"}"#

    @Test("a Laravel envelope on a private channel reaches Pusher subscribers only, prefix stripped, socket excluded")
    func privateChannel() throws {
        let message = try #require(Self.pusher.decode(Self.envelope, channel: "laravel_database_private-orders.3").success)
        #expect(message.channelEvent == ChannelEvent(name: "OrderShipped", data: #"{"order":{"id":3}}"#,
                                                     channels: ["private-orders.3"], excludedSocket: "1.2"))
        #expect(message.audience.everyone == false && message.audience.users.isEmpty && message.audience.roles.isEmpty)
    }

    @Test("without a Pusher app the same envelope is still refused as unroutable, and nothing carries a channel event")
    func withoutPusher() {
        #expect(EnvelopeDecoder.laravel.decode(Self.envelope, channel: "laravel_database_private-orders.3").failure?.reason == .unroutable)
        #expect(EnvelopeDecoder.laravel.decode(Self.envelope, channel: "laravel_database_orders").success?.channelEvent == nil)
    }

    @Test("public and user channels keep their /ws audience and add the channel event")
    func keepsWebSocketAudience() throws {
        let open = try #require(Self.pusher.decode(Self.envelope, channel: "laravel_database_orders").success)
        #expect(open.audience.everyone)
        #expect(open.channelEvent?.channels == ["orders"])
        let user = try #require(Self.pusher.decode(Self.envelope, channel: "laravel_database_private-App.Models.User.7").success)
        #expect(user.audience.users == ["7"])
        #expect(user.channelEvent?.channels == ["private-App.Models.User.7"])
        #expect(Self.pusher.decode(Self.envelope, channel: nil).success?.channelEvent == nil)
    }

    @Test("copies of one publication on several channels are one message listing every channel once")
    func foldedChannels() {
        var fanIn = ChannelFanIn()
        let bytes = Array(Self.envelope.utf8)
        let messages = fanIn.fold([PublishedPayload(channel: "laravel_database_orders", bytes: bytes),
                                   PublishedPayload(channel: "laravel_database_private-orders.3", bytes: bytes),
                                   PublishedPayload(channel: "laravel_database_private-orders.3", pattern: "laravel_database_private-*", bytes: bytes)],
                                  decoder: Self.pusher) { _, _ in }
        #expect(messages.count == 1)
        #expect(messages.first?.channelEvent?.channels == ["orders", "private-orders.3"])
    }

    @Test("a later copy on a new channel after a public one reaches only that channel's Pusher subscribers")
    func laterCopy() {
        var fanIn = ChannelFanIn()
        let bytes = Array(Self.envelope.utf8)
        _ = fanIn.fold([PublishedPayload(channel: "laravel_database_orders", bytes: bytes)], decoder: Self.pusher) { _, _ in }
        let later = fanIn.fold([PublishedPayload(channel: "laravel_database_private-orders.3", pattern: "x*", bytes: bytes)],
                               decoder: Self.pusher) { _, _ in }
        #expect(later.first?.channelEvent?.channels == ["private-orders.3"])
        #expect(later.first?.audience.everyone == false)
    }

    @Test("an HTTP API event survives the log: its envelope reads back, /broadcast envelopes do not")
    func logRoundTrip() {
        let event = ChannelEvent(name: "e", data: #"{"a":"b"}"#, channels: ["x", "private-y"], excludedSocket: "3.4")
        #expect(ChannelEvent.fromLog(event.logEnvelope) == event)
        #expect(ChannelEvent.fromLog(Array(#"{"type":"x","data":{}}"#.utf8)) == nil)
        var decoder = LogDecoder(decoder: Self.pusher)
        let items = decoder.decode([LogEntry(id: StreamID(milliseconds: 5, sequence: 0), payload: event.logEnvelope, cameOverHTTP: true)]) { _ in
            Issue.record("a Pusher API entry is not refused")
        }
        guard case .message(let message)? = items.first else {
            Issue.record("no message")
            return
        }
        #expect(message.source == .pusher)
        #expect(message.message.channelEvent == event)
        #expect(message.message.audience == Audience())
    }
}
