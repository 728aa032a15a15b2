/// Why a session token was refused; the message is safe to show to the client.
public struct TokenError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
