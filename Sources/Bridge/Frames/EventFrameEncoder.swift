import Foundation
import NIOCore

/// Builds the JSON of an event frame: `{"id","type","ts","data"}` (never the audience).
enum EventFrameEncoder {
    static func encode(id: String, type: String, timestamp: String, data: JSONValue) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let dataJSON = (try? encoder.encode(data)) ?? Data("{}".utf8)
        let typeJSON = (try? encoder.encode(type)) ?? Data("\"\"".utf8)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(dataJSON.count + typeJSON.count + id.utf8.count + 64)
        buffer.writeString("{\"id\":\"\(id)\",\"type\":")
        buffer.writeBytes(typeJSON)
        buffer.writeString(",\"ts\":\"\(timestamp)\",\"data\":")
        buffer.writeBytes(dataJSON)
        buffer.writeString("}")
        return buffer
    }
}
