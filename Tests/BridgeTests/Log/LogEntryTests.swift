@testable import Bridge
import Testing

/// docs/architecture.md#the-shared-log: the fields of an entry, as Redis answers them.
@Suite("Log entries")
struct LogEntryTests {
    static func fields(_ pairs: [(String, String)]) -> RedisReply {
        .array(pairs.flatMap { [RedisReply.string(Array($0.0.utf8)), RedisReply.string(Array($0.1.utf8))] })
    }

    @Test("m, c, p, o and g are read; unknown fields are ignored")
    func fields() {
        let reply = RedisReply.array([.string(Array("1700000000000-3".utf8)),
                                      Self.fields([("m", "{}"), ("c", #"["a","b"]"#), ("p", #"["","b*"]"#), ("x", "1"), ("o", "http")])])
        let entry = LogEntry(reply)
        #expect(entry?.id == StreamID(milliseconds: 1_700_000_000_000, sequence: 3))
        #expect(entry?.payload == Array("{}".utf8))
        #expect(entry?.copies.map(\.channel) == ["a", "b"])
        #expect(entry?.copies.map(\.pattern) == [nil, "b*"])
        #expect(entry?.cameOverHTTP == true)
        #expect(LogEntry(.array([.string(Array("5-0".utf8)), Self.fields([("g", "1")])]))?.isGap == true)
    }

    @Test("a channel that is not a JSON array is one plain channel name")
    func plainChannel() {
        let entry = LogEntry(.array([.string(Array("5-0".utf8)), Self.fields([("m", "{}"), ("c", "ict.events")])]))
        #expect(entry?.copies.map(\.channel) == ["ict.events"])
    }

    @Test("malformed replies are skipped", arguments: [
        RedisReply.null, .string(Array("5-0".utf8)), .array([.string(Array("x".utf8)), .array([])]), .array([.string(Array("5-0".utf8))]),
    ])
    func malformed(reply: RedisReply) {
        #expect(LogEntry(reply) == nil)
    }

    @Test("stream ids parse strictly and order by time, then sequence", arguments: ["", "5", "5-", "-5", "a-1", "1-b", "1-2-3"])
    func badIDs(text: String) {
        #expect(StreamID(text) == nil)
    }

    @Test("ordering")
    func ordering() throws {
        let ids = try ["9-9", "10-0", "10-1", "100-0"].map { try #require(StreamID($0)) }
        #expect(ids == ids.sorted())
        #expect(ids.map(\.description) == ["9-9", "10-0", "10-1", "100-0"])
    }
}
