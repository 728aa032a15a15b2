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

    /// The `data` member of an event frame's JSON as `encode` wrote it. The first `,"data":`
    /// outside a string ends the header (inside a JSON string every `"` is escaped), and one `}`
    /// follows the data.
    static func data(ofEventJSON json: ByteBuffer) -> ByteBuffer? {
        let bytes = json.readableBytesView
        guard let start = bytes.firstRange(of: dataKey)?.upperBound, bytes.last == UInt8(ascii: "}"), start < bytes.endIndex - 1 else {
            return nil
        }
        return json.getSlice(at: start, length: bytes.endIndex - 1 - start)
    }

    private static let dataKey = Array(",\"data\":".utf8)
}
