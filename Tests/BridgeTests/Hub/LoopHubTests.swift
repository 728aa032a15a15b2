import NIOCore
import NIOEmbedded
import Testing
@testable import Bridge

/// Fan-out on one event loop, seen through the ``Recipient`` abstraction: what each recipient is
/// offered and handed, joined writes, blocking, resync and shutdown.
@Suite("Loop hub fan-out")
struct LoopHubTests {
    let loop = EmbeddedEventLoop()
    let hub: LoopHub

    init() {
        hub = LoopHub(eventLoop: loop, metrics: BridgeMetrics())
    }

    static func message(_ seq: UInt64, _ change: (inout Audience) -> Void) -> StoredMessage {
        var audience = Audience()
        change(&audience)
        let incoming = IncomingMessage(type: "invoice_paid", knownType: nil, data: .object([:]), audience: audience)
        return StoredMessage(id: StreamID(milliseconds: 1000, sequence: seq), seq: seq, message: incoming, timestamp: "2026-12-07T05:00:00Z")
    }

    static func channelMessage(_ seq: UInt64, on channels: [String], users: Set<String> = []) -> StoredMessage {
        var audience = Audience()
        audience.users = users
        let event = ChannelEvent(name: "ticket.updated", data: "{}", channels: channels)
        let incoming = IncomingMessage(type: "ticket.updated", knownType: nil, data: .object([:]), audience: audience, channelEvent: event)
        return StoredMessage(id: StreamID(milliseconds: 1000, sequence: seq), seq: seq, message: incoming, timestamp: "2026-12-07T05:00:00Z")
    }

    func deliver(_ batch: [StoredMessage]) {
        hub.dispatch(batch)
        loop.run()
    }

    @Test("a batch for everyone reaches each registered recipient as one joined write, in order")
    func joinedWrite() {
        let first = FakeRecipient(user: "1"), second = FakeRecipient(user: "2")
        hub.register(first)
        hub.register(second)
        deliver((1...3).map { seq in Self.message(seq) { $0.everyone = true } })
        for recipient in [first, second] {
            #expect(recipient.joinedWrites.count == 1)
            #expect(recipient.receivedIds == ["1000-1", "1000-2", "1000-3"])
        }
    }

    @Test("a batch for named users is offered only to their recipients; pending connections get nothing")
    func namedUsers() {
        let target = FakeRecipient(user: "7"), bystander = FakeRecipient(user: "8"), pending = FakeRecipient(user: "7")
        hub.register(target)
        hub.register(bystander)
        hub.connect(pending)
        deliver([Self.message(1) { $0.users = ["7"] }])
        #expect(target.receivedIds == ["1000-1"])
        #expect(bystander.offered.isEmpty)
        #expect(pending.offered.isEmpty)
    }

    @Test("a blocked user's recipients take nothing after the blocking message and are then ended")
    func blocking() {
        let blocked = FakeRecipient(user: "9"), other = FakeRecipient(user: "10")
        hub.register(blocked)
        hub.register(other)
        deliver([Self.message(1) { $0.everyone = true },
                 Self.message(2) { $0.everyone = true; $0.disconnectedUser = "9" },
                 Self.message(3) { $0.everyone = true }])
        #expect(blocked.receivedIds == ["1000-1", "1000-2"])
        #expect(blocked.ends == [.userBlocked])
        #expect(other.receivedIds == ["1000-1", "1000-2", "1000-3"])
        #expect(other.ends.isEmpty)
    }

    @Test("an unregistered recipient, even from the middle of the list, receives nothing more; the rest still do")
    func unregisterFromMiddle() {
        let recipients = (1...5).map { FakeRecipient(user: "\($0)") }
        recipients.forEach(hub.register)
        hub.unregister(recipients[1])
        hub.unregister(recipients[1])
        deliver([Self.message(1) { $0.everyone = true }])
        #expect(recipients[1].offered.isEmpty)
        for index in [0, 2, 3, 4] { #expect(recipients[index].receivedIds == ["1000-1"]) }
    }

    @Test("resync reaches registered recipients; shutdown and ticks reach pending ones too")
    func resyncShutdownTicks() {
        let registered = FakeRecipient(user: "1"), pending = FakeRecipient(user: "2")
        hub.register(registered)
        hub.connect(pending)
        hub.resyncAll()
        loop.run()
        hub.tick(now: .now(), wallClock: 0)
        hub.endAll(.serverShutdown)
        #expect(registered.resyncs == 1 && pending.resyncs == 0)
        #expect(registered.ticks == 1 && pending.ticks == 1)
        #expect(registered.ends == [.serverShutdown] && pending.ends == [.serverShutdown])
    }

    @Test("a channel event is offered to every channel taker, not to user sessions; one leaving from the middle of the list gets nothing more")
    func channelTakers() {
        let takers = (1...5).map { _ in FakeChannelTaker(channels: ["private-ticket.1"]) }
        let elsewhere = FakeChannelTaker(channels: ["private-ticket.2"]), session = FakeRecipient(user: "1")
        takers.forEach(hub.register)
        hub.register(elsewhere)
        hub.register(session)
        hub.unregister(takers[1])
        hub.unregister(takers[1])
        deliver([Self.channelMessage(1, on: ["private-ticket.1"])])
        #expect(takers[1].offered == 0)
        for index in [0, 2, 3, 4] { #expect(takers[index].received == ["1000-1"]) }
        #expect(elsewhere.offered == 1 && elsewhere.received.isEmpty)
        #expect(session.offered.isEmpty)
        hub.unregister(takers[4])
        hub.unregister(takers[0])
        hub.unregister(elsewhere)  // moved into the first leaver's slot: it must leave from there
        deliver([Self.channelMessage(2, on: ["private-ticket.1", "private-ticket.2"])])
        #expect(elsewhere.offered == 1)
        #expect(takers[2].received == ["1000-1", "1000-2"] && takers[3].received == ["1000-1", "1000-2"])
        #expect(takers[0].received == ["1000-1"] && takers[4].received == ["1000-1"])
    }

    @Test("a batch with channel events and named users reaches each recipient once, whichever way it qualifies")
    func channelTakersAndUsers() {
        let signedIn = FakeChannelTaker(channels: ["private-ticket.1"], user: "7")
        let session = FakeRecipient(user: "7"), bystander = FakeRecipient(user: "8")
        [signedIn, session, bystander].forEach(hub.register)
        deliver([Self.channelMessage(1, on: ["private-ticket.1"]), Self.message(2) { $0.users = ["7"] }])
        #expect(signedIn.offered == 2)
        #expect(signedIn.received == ["1000-1"])
        #expect(session.receivedIds == ["1000-2"])
        #expect(bystander.offered.isEmpty)
    }
}
