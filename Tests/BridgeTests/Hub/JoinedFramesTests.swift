import NIOCore
import Testing
@testable import Bridge

/// Fan-out joins the frames a session takes from one batch into one write; sessions taking the
/// same messages share the joined buffer.
@Suite("Joined frames")
struct JoinedFramesTests {
    static func batch(_ count: Int, padding: Int = 0) -> [StoredMessage] {
        (0..<count).map { index in
            var audience = Audience()
            audience.everyone = true
            let data = JSONValue.object(["n": .integer(Int64(index)), "pad": .string(String(repeating: "p", count: padding))])
            let message = IncomingMessage(type: "system_notification_created", knownType: .systemNotificationCreated,
                                          data: data, audience: audience)
            return StoredMessage(id: StreamID(milliseconds: 1_732_630_000_000, sequence: UInt64(index)), seq: UInt64(index + 1), message: message,
                                 timestamp: "2026-11-26T17:00:00Z")
        }
    }

    static func take(_ indices: [Int], from joined: inout JoinedFrames) -> ByteBuffer? {
        joined.buffer(for: indices)
    }

    @Test("the joined buffer is the selected frames back to back, in batch order")
    func joinsInOrder() throws {
        let batch = Self.batch(5)
        var joined = JoinedFrames(batch)
        let buffer = try #require(Self.take([0, 2, 4], from: &joined))
        var expected = ByteBuffer()
        for index in [0, 2, 4] { expected.writeImmutableBuffer(batch[index].frame) }
        #expect(buffer == expected)
    }

    @Test("a single message is its own frame, not a copy")
    func singleFrame() throws {
        let batch = Self.batch(3)
        var joined = JoinedFrames(batch)
        let buffer = try #require(Self.take([1], from: &joined))
        #expect(buffer == batch[1].frame)
        buffer.withUnsafeReadableBytes { mine in
            batch[1].frame.withUnsafeReadableBytes { original in
                #expect(mine.baseAddress == original.baseAddress)
            }
        }
    }

    @Test("sessions taking the same messages share one buffer")
    func sharedSelection() throws {
        var joined = JoinedFrames(Self.batch(4))
        let first = try #require(Self.take([0, 1, 3], from: &joined))
        let second = try #require(Self.take([0, 1, 3], from: &joined))
        first.withUnsafeReadableBytes { a in
            second.withUnsafeReadableBytes { b in #expect(a.baseAddress == b.baseAddress) }
        }
    }

    @Test("past the bound of distinct selections a new one is not joined; known ones still are")
    func boundedSelections() throws {
        let count = JoinedFrames.maxSelections + 2
        let batch = Self.batch(count)
        var joined = JoinedFrames(batch)
        for index in 0..<JoinedFrames.maxSelections {
            #expect(joined.buffer(for: [index, index + 1]) != nil)
        }
        #expect(joined.buffer(for: [0, count - 1]) == nil)
        #expect(joined.buffer(for: [0, 1]) != nil)
        #expect(joined.buffer(for: [count - 1]) != nil)
    }

    @Test("joined selections copy at most maxJoinedBytes per batch; past it frames go one by one")
    func boundedBytes() throws {
        let third = JoinedFrames.maxJoinedBytes / 3
        var joined = JoinedFrames(Self.batch(3, padding: third))
        #expect(Self.take([0, 1], from: &joined) != nil)
        #expect(Self.take([1, 2], from: &joined) == nil)
        #expect(Self.take([0, 1], from: &joined) != nil)
    }
}
