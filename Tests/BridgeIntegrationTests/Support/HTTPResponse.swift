import NIOHTTP1

/// What an HTTP request answered: status, headers and the whole body.
struct HTTPResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    /// The body as JSON; throws with the status and body text when it is not JSON.
    func json() throws -> JSONValue {
        do {
            return try JSONValue.parse(body)
        } catch {
            throw SupportError("HTTP \(status) body is not JSON: \(text.prefix(300))")
        }
    }
}
