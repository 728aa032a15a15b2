@testable import Bridge
import NIOCore
import Testing

/// docs/architecture.md#the-shared-log: every node names a publication alike, counting repeats.
@Suite("Receipt keys")
struct ReceiptKeysTests {
    static func group(_ payload: String, channel: String = "ict.events") -> PublishedPayload {
        PublishedPayload(channel: channel, bytes: Array(payload.utf8))
    }

    @Test("two nodes name the same sequence of copies alike; repeats count up; channel and pattern tell copies apart")
    func twoNodesAgree() {
        var first = ReceiptKeys(prefix: "log"), second = ReceiptKeys(prefix: "log")
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let sequence = ["a", "b", "a", "a"].map { Self.group($0) }
        let one = sequence.enumerated().map { first.key(for: $1, now: start + .milliseconds(Int64($0))) }
        let two = sequence.enumerated().map { second.key(for: $1, now: start + .milliseconds(Int64($0) + 3)) }
        #expect(one == two)
        #expect(one[0].hasPrefix("log:seen:") && one[0].hasSuffix(":1"))
        #expect(one[2].hasSuffix(":2") && one[3].hasSuffix(":3"))
        #expect(one[0] != one[1])
        var keys = ReceiptKeys(prefix: "log")
        let plain = keys.key(for: Self.group("z", channel: "a"), now: start)
        let otherChannel = keys.key(for: Self.group("z", channel: "b"), now: start)
        let throughPattern = keys.key(for: PublishedPayload(channel: "a", pattern: "a*", bytes: Array("z".utf8)), now: start)
        #expect(Set([plain, otherChannel, throughPattern]).count == 3)
    }

    @Test("a node that missed the first copy numbers lower, so its copy of the second collides with the first (already logged)")
    func lateNodeCollides() {
        var early = ReceiptKeys(prefix: "log"), late = ReceiptKeys(prefix: "log")
        let now = NIODeadline.uptimeNanoseconds(5_000_000_000)
        let firstByEarly = early.key(for: Self.group("a"), now: now)
        let secondByEarly = early.key(for: Self.group("a"), now: now + .seconds(1))
        let secondByLate = late.key(for: Self.group("a"), now: now + .seconds(1))
        #expect(secondByLate == firstByEarly)
        #expect(secondByEarly != firstByEarly)
    }

    @Test("after a pause longer than a seen key lives, counting starts over")
    func forgets() {
        var keys = ReceiptKeys(prefix: "log")
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let first = keys.key(for: Self.group("a"), now: now)
        let again = keys.key(for: Self.group("a"), now: now + ReceiptKeys.forgetAfter + .seconds(1))
        #expect(first == again)
        #expect(ReceiptKeys.forgetAfter > ReceiptKeys.keyLifetime)
    }

    @Test("gap keys are per wall-clock second, alike on every node")
    func gapKeys() {
        #expect(ReceiptKeys(prefix: "log").gapKey(unixSeconds: 7) == ReceiptKeys(prefix: "log").gapKey(unixSeconds: 7))
        #expect(ReceiptKeys(prefix: "log").gapKey(unixSeconds: 7) != ReceiptKeys(prefix: "log").gapKey(unixSeconds: 8))
    }
}
