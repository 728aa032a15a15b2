/// Why a session token was refused; the message is safe to show to the client.
struct TokenError: Error, Sendable, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
