import NIOCore

/// The body of a `/messages` answer: `{"messages":[…],"last_id":"…","resync":…}`. The events are
/// the stored frames' JSON, copied as they are rather than decoded and encoded again.
enum PollAnswer {
    static func messages(_ events: [ByteBuffer], lastId: String) -> ByteBuffer {
        var body = ByteBuffer(string: "{\"messages\":[")
        for (index, event) in events.enumerated() {
            if index > 0 { body.writeString(",") }
            body.writeImmutableBuffer(event)
        }
        body.writeString("],\"last_id\":\(JSONText.quote(lastId)),\"resync\":false}")
        return body
    }

    static func resync(lastId: String) -> [String: JSONValue] {
        ["messages": .array([]), "last_id": .string(lastId), "resync": .bool(true)]
    }
}
