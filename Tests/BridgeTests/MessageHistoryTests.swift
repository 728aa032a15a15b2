@testable import Bridge
import NIOCore
import Testing

/// docs/protocol.md#frames: ids `<epoch>-<seq>`, the bounded history, and what a client's `last_id` means.
@Suite("Message history")
struct MessageHistoryTests {
    /// A history of `capacity` holding `count` messages numbered 1…count in epoch `E`.
    static func history(capacity: Int, count: Int) -> MessageHistory {
        var history = MessageHistory(epoch: "E", capacity: capacity)
        for _ in 0..<count { history.record() }
        return history
    }

    @Test("ids are <epoch>-<seq>, seq rising by one from 1")
    func ids() {
        var history = MessageHistory(epoch: "1732630000000", capacity: 10)
        #expect(history.record() == "1732630000000-1")
        #expect(history.record() == "1732630000000-2")
        #expect(history.record() == "1732630000000-3")
        #expect(history.lastSeq == 3)
        #expect(history.messages(after: 0).map(\.id) == ["1732630000000-1", "1732630000000-2", "1732630000000-3"])
    }

    @Test("the oldest messages are evicted beyond the capacity, order kept across the wrap")
    func eviction() {
        let history = Self.history(capacity: 3, count: 7)
        #expect(history.count == 3)
        #expect(history.first?.id == "E-5")
        #expect(history.last?.id == "E-7")
        #expect(history.firstSeq == 5)
        #expect(history.messages(after: 0).map(\.id) == ["E-5", "E-6", "E-7"])
    }

    @Test("a capacity below one keeps one message")
    func minimumCapacity() {
        let history = Self.history(capacity: 0, count: 2)
        #expect(history.capacity == 1)
        #expect(history.messages(after: 0).map(\.id) == ["E-2"])
    }

    @Test("unknown, foreign, future and evicted ids mean resync", arguments: [
        "", "garbage", "E", "E-", "E-x", "-3", "E-3-", "F-4", "E2-4", "e-4", "E-6", "E-1000", "E-1", "E-0",
    ])
    func resync(lastId: String) {
        #expect(Self.history(capacity: 3, count: 5).position(of: lastId) == .resync)
    }

    @Test("kept ids resume after themselves; the newest means nothing missed", arguments: [
        ("E-5", UInt64(5)), ("E-4", 4), ("E-3", 3), ("E-2", 2),
    ])
    func resumePoint(lastId: String, seq: UInt64) {
        let history = Self.history(capacity: 3, count: 5)
        #expect(history.position(of: lastId) == .after(seq))
        #expect(history.messages(after: seq).count == 5 - Int(seq))
    }

    @Test("in an empty history the head id <epoch>-0 (what /messages answers first) continues")
    func emptyHistoryHead() {
        let history = MessageHistory(epoch: "E", capacity: 3)
        #expect(history.position(of: "E-0") == .after(0))
        #expect(history.position(of: "E-1") == .resync)
        #expect(history.messages(after: 0).isEmpty)
    }

    @Test("messages(after:through:) answers the kept messages in (after, through], oldest first")
    func messagesInRange() {
        let history = Self.history(capacity: 4, count: 6)
        #expect(history.messages(after: 3, through: 5).map(\.id) == ["E-4", "E-5"])
        #expect(history.messages(after: 0, through: 4).map(\.id) == ["E-3", "E-4"])
        #expect(history.messages(after: 5).map(\.id) == ["E-6"])
        #expect(history.messages(after: 6).isEmpty)
        #expect(history.messages(after: 9).isEmpty)
        #expect(history.messages(after: 4, through: 4).isEmpty)
        #expect(history.messages(after: 5, through: 3).isEmpty)
        #expect(history.messages(after: 2, through: 100).map(\.seq) == [3, 4, 5, 6])
    }

    @Test("the byte bound evicts the oldest too, and a resume from an evicted id resyncs")
    func byteBound() {
        var probe = MessageHistory(epoch: "E", capacity: 100)
        for _ in 0..<12 { probe.record() }
        let frameBytes = probe.last?.frame.readableBytes ?? 0
        var history = MessageHistory(epoch: "E", capacity: 100, byteCapacity: frameBytes * 3)
        for _ in 0..<12 { history.record() }
        #expect(history.count == 3)
        #expect(history.bytes <= frameBytes * 3)
        #expect(history.first?.id == "E-10")
        #expect(history.position(of: "E-8") == .resync)
        #expect(history.position(of: "E-9") == .after(9))
    }
}

extension MessageHistory {
    /// Numbers and stores one message, as the hub does; answers its id.
    @discardableResult
    mutating func record() -> String {
        let next = nextID()
        let message = IncomingMessage(type: "invoice_paid", knownType: nil, data: .object([:]), audience: Audience())
        append(StoredMessage(id: next.id, seq: next.seq, message: message, timestamp: "2026-11-26T17:00:00Z"))
        return next.id
    }
}
