@testable import Bridge
import NIOCore
import Testing

/// docs/architecture.md#the-shared-log: each node's cursor per copy of a publication.
@Suite("Copy cursors")
struct CopyCursorsTests {
    static func copy(_ payload: String, channel: String = "ict.events", pattern: String? = nil) -> PublishedPayload {
        PublishedPayload(channel: channel, pattern: pattern, bytes: Array(payload.utf8))
    }

    @Test("a copy never seen claims from Redis' time before subscribing; claims in flight are skipped")
    func firstClaims() {
        var cursors = CopyCursors(listPrefix: "log:seen:")
        cursors.subscribed(atMilliseconds: 10_000)
        let first = cursors.claim(Self.copy("a"))
        let second = cursors.claim(Self.copy("a"))
        #expect(first.cursor < StreamID(milliseconds: 10_000, sequence: 0))
        #expect(first.cursor > StreamID(milliseconds: 9_999, sequence: 1_000_000))
        #expect(first.skip == 0 && second.skip == 1)
        #expect(first.list == second.list && first.list.hasPrefix("log:seen:"))
    }

    @Test("a settled claim moves the cursor to the entry; the next claim starts after it")
    func settle() {
        var cursors = CopyCursors(listPrefix: "log:seen:")
        cursors.subscribed(atMilliseconds: 10_000)
        _ = cursors.claim(Self.copy("a"))
        cursors.settle(Self.copy("a"), with: StreamID(milliseconds: 10_500, sequence: 2))
        let next = cursors.claim(Self.copy("a"))
        #expect(next.cursor == StreamID(milliseconds: 10_500, sequence: 2))
        #expect(next.skip == 0)
    }

    @Test("abandoned claims stop counting as in flight")
    func abandon() {
        var cursors = CopyCursors(listPrefix: "log:seen:")
        _ = cursors.claim(Self.copy("a"))
        cursors.abandonInFlight()
        #expect(cursors.claim(Self.copy("a")).skip == 0)
    }

    @Test("channel, pattern and payload tell copies apart; nodes name a copy alike")
    func lists() {
        var one = CopyCursors(listPrefix: "p:"), two = CopyCursors(listPrefix: "p:")
        let lists = [Self.copy("z", channel: "a"), Self.copy("z", channel: "b"), Self.copy("z", channel: "a", pattern: "a*"),
                     Self.copy("y", channel: "a")].map { one.claim($0).list }
        #expect(Set(lists).count == 4)
        #expect(two.claim(Self.copy("z", channel: "a")).list == lists[0])
    }

    @Test("a copy not seen for longer than its list lives is forgotten")
    func forgets() {
        var cursors = CopyCursors(listPrefix: "p:")
        cursors.subscribed(atMilliseconds: 50_000)
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        _ = cursors.claim(Self.copy("a"), now: start)
        cursors.settle(Self.copy("a"), with: StreamID(milliseconds: 60_000, sequence: 0))
        let later = cursors.claim(Self.copy("a"), now: start + CopyCursors.forgetAfter + .seconds(2))
        #expect(later.cursor < StreamID(milliseconds: 50_000, sequence: 0))
        #expect(CopyCursors.forgetAfter > CopyCursors.listLifetime)
    }
}
