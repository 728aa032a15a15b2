import Foundation
@testable import Bridge

/// Envelopes built from JSON values, as the bytes Redis would deliver.
enum Envelopes {
    static func bytes(_ value: JSONValue) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    /// A listener envelope: `{"type", "data"}` plus any other top-level fields.
    static func listener(_ type: String, _ data: JSONValue, _ more: [String: JSONValue] = [:]) throws -> [UInt8] {
        try bytes(.object(more.merging(["type": .string(type), "data": data]) { _, new in new }))
    }

    /// A Laravel broadcaster envelope: `{"event", "data", "socket"}`.
    static func laravel(_ event: String, _ data: JSONValue, socket: String? = nil) throws -> [UInt8] {
        try bytes(.object(["event": .string(event), "data": data, "socket": socket.map(JSONValue.string) ?? .null]))
    }
}
