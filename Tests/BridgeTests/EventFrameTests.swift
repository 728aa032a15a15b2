import Foundation
import NIOCore
import Testing
@testable import Bridge

/// docs/protocol.md#frames: an event reaches clients as `{"id","type","ts","data"}` (no audience), encoded once
/// as a complete text frame; `/messages` returns the same JSON without the frame header.
@Suite("Event frames")
struct EventFrameTests {
    static func stored(type: String = "ticket_created", data: JSONValue) -> StoredMessage {
        var audience = Audience()
        audience.users = ["7"]
        audience.roles = ["technician"]
        let message = IncomingMessage(type: type, knownType: MessageType(rawValue: type), data: data, audience: audience)
        return StoredMessage(id: StreamID(milliseconds: 1_732_630_000_000, sequence: 42), seq: 42, message: message, timestamp: "2026-11-26T17:00:00Z")
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            Issue.record("not a JSON object: \(String(buffer: buffer))")
            return [:]
        }
        return fields
    }

    @Test("the frame's JSON has exactly id, type, ts and data, never the audience",
          arguments: [10, 200, 70_000])
    func shape(padding: Int) throws {
        let data = try json(#"{"ticket": {"id": 1, "requester_id": 7, "title": "\#(String(repeating: "p", count: padding))"}}"#)
        let stored = Self.stored(data: data)
        let fields = try Self.object(stored.json)
        #expect(Set(fields.keys) == ["id", "type", "ts", "data"])
        #expect(fields["id"] == .string("1732630000000-42"))
        #expect(fields["type"] == .string("ticket_created"))
        #expect(fields["ts"] == .string("2026-11-26T17:00:00Z"))
        #expect(fields["data"] == data)
    }

    @Test("the frame is one unmasked text frame whose payload is the JSON /messages returns",
          arguments: [10, 200, 70_000])
    func frameWrapsJSON(padding: Int) throws {
        let stored = Self.stored(data: .object(["title": .string(String(repeating: "p", count: padding))]))
        #expect(stored.frame == ServerFrame.text(stored.json))
        #expect(stored.frame.readableBytes == stored.json.readableBytes
            + ServerFrame.headerLength(forPayload: stored.json.readableBytes))
    }

    @Test("an unknown event's name is escaped, namespace backslashes and quotes included")
    func escapedType() throws {
        let type = #"App\Events\Invoice"Paid""#
        let fields = try Self.object(Self.stored(type: type, data: .object([:])).json)
        #expect(fields["type"] == .string(type))
    }

    @Test("data round-trips: exact integers, unicode, escapes, slashes, nulls and nesting")
    func dataRoundTrip() throws {
        let data = try json(#"""
            {"big": 9007199254740993, "neg": -12, "pi": 3.25, "text": "Принтер \"HP\" \\ /x\n\t😀",
             "none": null, "flag": false, "list": [1, "2", {"k": []}], "url": "https://desk.example/t/1"}
            """#)
        let fields = try Self.object(Self.stored(data: data).json)
        #expect(fields["data"] == data)
        #expect(String(buffer: Self.stored(data: data).json).contains("https://desk.example/t/1"))
    }
}
