/// The `pusher:error` codes and close codes of the Pusher Channels protocol this bridge uses
/// (docs/pusher.md#errors): 4000–4099 the client must not reconnect, 4100–4199 it may after a
/// back-off, 4200–4299 at once; 4300–4399 are errors that leave the connection open.
enum PusherErrorCode {
    /// No app with the key in `/app/{key}`.
    static let applicationDoesNotExist: UInt16 = 4001
    /// `?protocol=` names a version this server does not speak (only 7, also 5 and 6).
    static let unsupportedProtocol: UInt16 = 4007
    /// No `?protocol=`.
    static let noProtocol: UInt16 = 4008
    /// A `pusher:signin` that is not correctly signed, a blocked user, or a user whose connections
    /// the app terminated (`terminate_connections`) (Pusher's
    /// "Connection is unauthorized").
    static let unauthorized: UInt16 = 4009
    /// The unsent queue passed `BRIDGE_MAX_QUEUE` (Pusher's "over capacity").
    static let overCapacity: UInt16 = 4100
    /// The server is stopping: reconnect (to another node).
    static let reconnect: UInt16 = 4200
    /// `pusher:ping` got no answer in time.
    static let pongNotReceived: UInt16 = 4201
    /// More than 10 client events in a second: the event is dropped, the connection stays.
    static let clientEventRateLimit: UInt16 = 4301
}
