import NIOCore
import Testing
@testable import Bridge

/// docs/protocol.md#ingest-envelopes: Laravel PUBLISHes one event's payload on every channel of `broadcastOn()`; each
/// session receives it once, whether the copies are read in one batch or in several. The same
/// payload again on the same channel is a new event.
@Suite("Channel fan-in")
struct ChannelFanInTests {
    let decoder = EnvelopeDecoder.laravel
    let start = NIODeadline.now()

    static let userChannel5 = "laravel_database_private-App.Models.User.5"
    static let userChannel9 = "laravel_database_private-App.Models.User.9"
    static let userChannel200 = "laravel_database_private-App.Models.User.200"
    static let publicChannel = "laravel_database_ict.events"

    /// Feeds `copies` (channel, payload) through `fanIn`, in one batch or one batch per copy.
    func deliver(_ copies: [(String, [UInt8])], oneBatch: Bool, _ fanIn: inout ChannelFanIn,
                 after delay: TimeAmount = .zero) -> [IncomingMessage] {
        deliver(copies.map { PublishedPayload(channel: $0.0, bytes: $0.1) }, oneBatch: oneBatch, &fanIn, after: delay)
    }

    /// Feeds `copies` through `fanIn`, in one batch or one batch per copy.
    func deliver(_ copies: [PublishedPayload], oneBatch: Bool, _ fanIn: inout ChannelFanIn,
                 after delay: TimeAmount = .zero) -> [IncomingMessage] {
        let batches = oneBatch ? [copies] : copies.map { [$0] }
        var rejected: [String] = []
        let messages = batches.flatMap { batch in
            fanIn.fold(batch, decoder: decoder, now: start + delay) { rejected.append("\($1): \($0.reason)") }
        }
        #expect(rejected.isEmpty)
        return messages
    }

    /// How many of `messages` each viewer receives.
    func deliveries(_ messages: [IncomingMessage]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: Viewer.all.map { viewer in
            (viewer.name, messages.filter { $0.audience.admits(viewer) }.count)
        })
    }

    static func invoice(_ id: Int = 1) throws -> [UInt8] {
        try Envelopes.laravel("InvoicePaid", try json(#"{"invoice": {"id": \#(id)}}"#))
    }

    @Test("an unknown event on two user channels reaches each of the two users once", arguments: [true, false])
    func unknownEventOnTwoUserChannels(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let messages = deliver([(Self.userChannel5, payload), (Self.userChannel9, payload)], oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages) == ["assignee": 1, "author": 1, "staff": 0, "admin": 0, "requester": 0, "other": 0])
    }

    @Test("a known event on two user channels reaches its rule's sessions once, and each channel's user once",
          arguments: [true, false])
    func knownEventOnTwoUserChannels(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Envelopes.laravel("TicketCreated", try SampleData.data(.ticketCreated))
        let messages = deliver([(Self.userChannel9, payload), (Self.userChannel200, payload)], oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages) == ["staff": 1, "admin": 1, "requester": 1, "assignee": 1, "author": 1, "other": 1])
    }

    @Test("on a public channel after a user channel, everyone gets it and nobody twice", arguments: [true, false])
    func publicAfterUserChannel(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let messages = deliver([(Self.userChannel5, payload), (Self.publicChannel, payload)], oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages).values.allSatisfy { $0 == 1 }, "\(deliveries(messages))")
    }

    @Test("on a user channel after a public channel, everyone gets it and nobody twice", arguments: [true, false])
    func userAfterPublicChannel(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let messages = deliver([(Self.publicChannel, payload), (Self.userChannel5, payload)], oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages).values.allSatisfy { $0 == 1 }, "\(deliveries(messages))")
    }

    @Test("the same payload again on the same channel is a new event", arguments: [true, false])
    func samePayloadSameChannel(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let messages = deliver([(Self.publicChannel, payload), (Self.publicChannel, payload)], oneBatch: oneBatch, &fanIn)
        #expect(messages.count == 2)
        #expect(deliveries(messages).values.allSatisfy { $0 == 2 })
    }

    @Test("one event twice, each time on two channels, reaches each session twice", arguments: [true, false])
    func twoEventsOnTwoChannels(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Envelopes.laravel("TicketCreated", try SampleData.data(.ticketCreated))
        let copies = [(Self.userChannel9, payload), (Self.publicChannel, payload)]
        let messages = deliver(copies + copies, oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages) == ["staff": 2, "admin": 2, "requester": 2, "assignee": 2, "author": 2, "other": 0])
    }

    @Test("a different payload on another channel is another event", arguments: [true, false])
    func differentPayload(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let messages = deliver([(Self.publicChannel, try Self.invoice(1)), (Self.userChannel5, try Self.invoice(2))],
                               oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages)["assignee"] == 2)
    }

    @Test("the same payload on another channel long after the first is a new event")
    func afterTheWindow() throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let first = deliver([(Self.publicChannel, payload)], oneBatch: true, &fanIn)
        let later = deliver([(Self.userChannel5, payload)], oneBatch: true, &fanIn, after: ChannelFanIn.window + .seconds(1))
        #expect(deliveries(first + later)["assignee"] == 2)
    }

    @Test("a copy on a channel the bridge cannot authorise is rejected with its channel; the other copies still deliver")
    func unroutableCopy() throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        var rejected: [(RejectionReason, String)] = []
        let messages = fanIn.fold([PublishedPayload(channel: "laravel_database_private-orders.1", bytes: payload),
                                   PublishedPayload(channel: Self.userChannel5, bytes: payload)],
                                  decoder: decoder, now: start) { rejected.append(($0.reason, $1)) }
        #expect(rejected.map(\.0) == [.unroutable])
        #expect(rejected.map(\.1) == ["laravel_database_private-orders.1"])
        #expect(deliveries(messages)["assignee"] == 1)
    }

    @Test("copies on the requester's and the assignee's user channels never lift an internal comment's restriction",
          arguments: [true, false])
    func internalCommentOnUserChannels(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let data = try json(#"""
            {"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5},
             "comment": {"id": 3, "author_id": 9, "is_internal": true}}
            """#)
        let payload = try Envelopes.laravel("TicketCommentCreated", data)
        let messages = deliver([("laravel_database_private-App.Models.User.7", payload), (Self.userChannel5, payload),
                                (Self.publicChannel, payload)], oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages) == ["staff": 1, "admin": 1, "author": 1, "requester": 0, "assignee": 0, "other": 0])
    }

    @Test("a channel matching two subscribed patterns (bare and prefixed *) is delivered once", arguments: [true, false])
    func channelMatchingTwoPatterns(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let copies = ["*", "laravel_database_*"].map {
            PublishedPayload(channel: Self.userChannel5, pattern: $0, bytes: payload)
        }
        #expect(deliveries(deliver(copies, oneBatch: oneBatch, &fanIn))["assignee"] == 1)
    }

    @Test("one publication repeated, each time through two patterns, is two events", arguments: [true, false])
    func repeatedThroughTwoPatterns(oneBatch: Bool) throws {
        var fanIn = ChannelFanIn()
        let payload = try Self.invoice()
        let copies = ["*", "laravel_database_*"].map {
            PublishedPayload(channel: Self.publicChannel, pattern: $0, bytes: payload)
        }
        let messages = deliver(copies + copies, oneBatch: oneBatch, &fanIn)
        #expect(deliveries(messages).values.allSatisfy { $0 == 2 }, "\(deliveries(messages))")
    }
}
