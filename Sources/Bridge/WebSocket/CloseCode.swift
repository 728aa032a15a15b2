/// WebSocket close codes of docs/protocol.md#frames, in the Pusher ranges clients already act on.
public enum CloseCode {
    /// No, invalid or expired token.
    public static let unauthorized: UInt16 = 4001
    public static let userBlocked: UInt16 = 4003
    public static let tooManyConnections: UInt16 = 4004
    /// The unsent queue passed `BRIDGE_MAX_QUEUE`.
    public static let slowConsumer: UInt16 = 4100
    public static let shuttingDown: UInt16 = 4200
    public static let noPong: UInt16 = 4201
    public static let frameTooLarge: UInt16 = 1009
    public static let normal: UInt16 = 1000
    public static let protocolError: UInt16 = 1002
    /// A text message that is not valid UTF-8 (RFC 6455 §8.1).
    public static let invalidPayload: UInt16 = 1007
}
