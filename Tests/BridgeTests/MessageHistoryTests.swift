@testable import Bridge
import NIOCore
import Testing

/// docs/protocol.md#frames: ids are the log's `<ms>-<n>`; the bounded history, and what a
/// client's `last_id` means against it.
@Suite("Message history")
struct MessageHistoryTests {
    /// A history of `capacity` begun at `0-0` holding `count` messages with ids `1000-1`…`1000-count`.
    static func history(capacity: Int, count: Int) -> MessageHistory {
        var history = MessageHistory(capacity: capacity)
        history.begin(after: .zero)
        for n in 1...max(1, count) where count > 0 { history.record(StreamID(milliseconds: 1000, sequence: UInt64(n))) }
        return history
    }

    @Test("messages keep the log's ids, numbered locally from 1 in stream order")
    func ids() {
        var history = MessageHistory(capacity: 10)
        history.begin(after: .zero)
        history.record(StreamID(milliseconds: 1_732_630_000_000, sequence: 0))
        history.record(StreamID(milliseconds: 1_732_630_000_000, sequence: 1))
        history.record(StreamID(milliseconds: 1_732_630_000_001, sequence: 0))
        #expect(history.lastSeq == 3)
        #expect(history.messages(after: 0).map(\.id) == ["1732630000000-0", "1732630000000-1", "1732630000001-0"])
        #expect(history.headID == "1732630000001-0")
    }

    @Test("the oldest messages are evicted beyond the capacity, order kept across the wrap")
    func eviction() {
        let history = Self.history(capacity: 3, count: 7)
        #expect(history.count == 3)
        #expect(history.first?.id == "1000-5")
        #expect(history.last?.id == "1000-7")
        #expect(history.firstSeq == 5)
        #expect(history.floor == StreamID(milliseconds: 1000, sequence: 4))
        #expect(history.messages(after: 0).map(\.id) == ["1000-5", "1000-6", "1000-7"])
    }

    @Test("a capacity below one keeps one message")
    func minimumCapacity() {
        let history = Self.history(capacity: 0, count: 2)
        #expect(history.capacity == 1)
        #expect(history.messages(after: 0).map(\.id) == ["1000-2"])
    }

    @Test("unknown, malformed, future, pre-upgrade and evicted ids mean resync", arguments: [
        "", "garbage", "1000", "1000-", "1000-x", "-3", "1000-3-", "E-4", "1000-8", "999-5", "1000-1", "0-0",
        "1732630000000-4",
    ])
    func resync(lastId: String) {
        #expect(Self.history(capacity: 4, count: 7).position(of: lastId) == .resync)
    }

    @Test("kept ids resume after themselves; the last evicted one resumes from the oldest kept", arguments: [
        ("1000-7", UInt64(7)), ("1000-6", 6), ("1000-5", 5), ("1000-4", 4), ("1000-3", 3),
    ])
    func resumePoint(lastId: String, seq: UInt64) {
        let history = Self.history(capacity: 4, count: 7)
        #expect(history.position(of: lastId) == .after(seq))
        #expect(history.messages(after: seq).count == 7 - Int(seq))
    }

    @Test("a history begun at 0-0 (the whole log) continues from 0-0; one not yet begun resyncs everything")
    func emptyHistoryHead() {
        var history = MessageHistory(capacity: 3)
        #expect(history.position(of: "0-0") == .resync)
        history.begin(after: .zero)
        #expect(history.headID == "0-0")
        #expect(history.position(of: "0-0") == .after(0))
        #expect(history.position(of: "1000-1") == .resync)
        #expect(history.messages(after: 0).isEmpty)
    }

    @Test("a history begun after an entry it does not hold resumes from exactly that entry")
    func begunAfterFloor() {
        var history = MessageHistory(capacity: 3)
        history.begin(after: StreamID(milliseconds: 900, sequence: 0))
        history.record(StreamID(milliseconds: 1000, sequence: 0))
        #expect(history.position(of: "900-0") == .after(0))
        #expect(history.position(of: "899-0") == .resync)
        #expect(history.messages(after: 0).map(\.id) == ["1000-0"])
    }

    @Test("after a gap, ids from before it resync and later ones resume")
    func gap() {
        var history = Self.history(capacity: 10, count: 3)
        history.markGap()
        history.record(StreamID(milliseconds: 2000, sequence: 0))
        #expect(history.position(of: "1000-3") == .resync)
        #expect(history.position(of: "1000-1") == .resync)
        #expect(history.position(of: "2000-0") == .after(4))
    }

    @Test("messages(after:through:) answers the kept messages in (after, through], oldest first")
    func messagesInRange() {
        let history = Self.history(capacity: 4, count: 6)
        #expect(history.messages(after: 3, through: 5).map(\.id) == ["1000-4", "1000-5"])
        #expect(history.messages(after: 0, through: 4).map(\.id) == ["1000-3", "1000-4"])
        #expect(history.messages(after: 5).map(\.id) == ["1000-6"])
        #expect(history.messages(after: 6).isEmpty)
        #expect(history.messages(after: 9).isEmpty)
        #expect(history.messages(after: 4, through: 4).isEmpty)
        #expect(history.messages(after: 5, through: 3).isEmpty)
        #expect(history.messages(after: 2, through: 100).map(\.seq) == [3, 4, 5, 6])
    }

    @Test("the byte bound evicts the oldest too, and a resume from before the floor resyncs")
    func byteBound() {
        let frameBytes = Self.history(capacity: 100, count: 12).last?.frame.readableBytes ?? 0
        var history = MessageHistory(capacity: 100, byteCapacity: frameBytes * 3)
        history.begin(after: .zero)
        for n in 1...12 { history.record(StreamID(milliseconds: 1000, sequence: UInt64(n))) }
        #expect(history.count == 3)
        #expect(history.bytes <= frameBytes * 3)
        #expect(history.first?.id == "1000-10")
        #expect(history.position(of: "1000-8") == .resync)
        #expect(history.position(of: "1000-9") == .after(9))
    }
}

extension MessageHistory {
    /// Numbers and stores one message read from the log, as the hub does.
    mutating func record(_ id: StreamID) {
        let message = IncomingMessage(type: "invoice_paid", knownType: nil, data: .object([:]), audience: Audience())
        append(StoredMessage(id: id, seq: nextSeq(), message: message, timestamp: "2026-11-26T17:00:00Z"))
    }
}
