/// WebSocket close codes of docs/protocol.md#frames, in the Pusher ranges clients already act on.
enum CloseCode {
    /// No, invalid or expired token.
    static let unauthorized: UInt16 = 4001
    static let userBlocked: UInt16 = 4003
    static let tooManyConnections: UInt16 = 4004
    /// The unsent queue passed `BRIDGE_MAX_QUEUE`.
    static let slowConsumer: UInt16 = 4100
    static let shuttingDown: UInt16 = 4200
    static let noPong: UInt16 = 4201
    static let frameTooLarge: UInt16 = 1009
    static let normal: UInt16 = 1000
    static let protocolError: UInt16 = 1002
    /// A text message that is not valid UTF-8 (RFC 6455 §8.1).
    static let invalidPayload: UInt16 = 1007
}
