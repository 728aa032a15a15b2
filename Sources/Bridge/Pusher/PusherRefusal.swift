/// A client frame the server does not act on (docs/pusher.md#errors): the `pusher:error` code
/// (nil for Pusher's `null`, which leaves the connection open) and a message that says what to do.
struct PusherRefusal: Error, Equatable, Sendable {
    var code: UInt16?
    var message: String

    init(code: UInt16? = nil, _ message: String) {
        self.code = code
        self.message = message
    }
}
