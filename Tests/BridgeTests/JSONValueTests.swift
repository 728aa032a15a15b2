import Foundation
import Testing
@testable import Bridge

/// The decoded envelope: dotted paths for required fields, and ids compared as strings (docs/protocol.md#who-receives-what).
@Suite("JSON values")
struct JSONValueTests {
    @Test("dotted paths reach nested members; a missing step or a non-object is nil")
    func dottedPaths() throws {
        let value = try json(#"{"ticket": {"id": 42, "requester": {"id": "7"}}, "list": [1]}"#)
        #expect(value[path: "ticket.id"] == .integer(42))
        #expect(value[path: "ticket.requester.id"] == .string("7"))
        #expect(value[path: "ticket.missing"] == nil)
        #expect(value[path: "ticket.id.deeper"] == nil)
        #expect(value[path: "list.0"] == nil)
        #expect(value["ticket"]?["id"] == .integer(42))
        #expect(JSONValue.string("x")["id"] == nil)
    }

    @Test("ids as strings", arguments: [
        (JSONValue.integer(5), "5"), (.string("5"), "5"), (.number(5.0), "5"), (.integer(-3), "-3"),
        (.string("abc-1"), "abc-1"), (.integer(9_007_199_254_740_993), "9007199254740993"),
    ] as [(JSONValue, String?)])
    func idString(value: JSONValue, id: String?) {
        #expect(value.idString == id)
    }

    @Test("values that are not ids", arguments: [
        JSONValue.string(""), .number(5.5), .bool(true), .null, .array([.integer(5)]), .object(["id": .integer(5)]),
    ])
    func notAnId(value: JSONValue) {
        #expect(value.idString == nil)
    }

    @Test("id lists and string lists skip what does not fit")
    func lists() throws {
        #expect(try json(#"[1, "2", true, null, 3.0]"#).idStrings == ["1", "2", "3"])
        #expect(JSONValue.integer(4).idStrings == ["4"])
        #expect(JSONValue.null.idStrings.isEmpty)
        #expect(try json(#"["admin", 1, "technician"]"#).strings == ["admin", "technician"])
        #expect(JSONValue.string("admin").strings == ["admin"])
        #expect(JSONValue.integer(1).strings.isEmpty)
    }

    @Test("integers stay integers and booleans stay booleans when decoded")
    func decodedKinds() throws {
        let value = try json(#"{"i": 42, "b": true, "f": false, "d": 1.5, "n": null, "max": 9223372036854775807}"#)
        #expect(value["i"] == .integer(42))
        #expect(value["b"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["d"] == .number(1.5))
        #expect(value["n"]?.isNull == true)
        #expect(value["max"] == .integer(.max))
    }
}
