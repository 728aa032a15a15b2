import NIOCore
import NIOHTTP1

/// An answer to write: status, headers and a complete body.
struct HTTPResponse {
    var status: HTTPResponseStatus
    var headers = HTTPHeaders()
    var body: ByteBuffer

    init(status: HTTPResponseStatus, contentType: String, body: ByteBuffer) {
        self.status = status
        self.body = body
        headers.add(name: "Content-Type", value: contentType)
    }

    static func json(_ status: HTTPResponseStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: ByteBuffer(string: text))
    }

    static func json(_ status: HTTPResponseStatus, _ fields: [String: JSONValue]) -> HTTPResponse {
        json(status, JSONText.object(fields))
    }

    /// `{"error": message}` plus the dotted `field` when one is at fault.
    static func error(_ status: HTTPResponseStatus, _ message: String, field: String? = nil) -> HTTPResponse {
        var fields: [String: JSONValue] = ["error": .string(message)]
        if let field { fields["field"] = .string(field) }
        return json(status, fields)
    }
}
