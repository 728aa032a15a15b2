/// What a Pusher channel name asks of a subscriber (docs/pusher.md#channels).
enum PusherChannel: Equatable, Sendable {
    /// No prefix: anyone may subscribe.
    case publicChannel
    /// `private-` and `private-encrypted-`: a signed `auth` is needed.
    case privateChannel
    /// `presence-`: not served yet.
    case presence
    /// Not a channel name Pusher allows: why.
    case invalid(String)

    /// Pusher's longest channel name.
    static let maxLength = 164
    private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=@,.;".utf8)

    init(_ name: String) {
        guard !name.isEmpty, name.utf8.count <= Self.maxLength else {
            self = .invalid("a channel name has 1 to \(Self.maxLength) characters")
            return
        }
        guard name.utf8.allSatisfy(Self.allowed.contains) else {
            self = .invalid("a channel name may contain only letters, digits and _ - = @ , . ;")
            return
        }
        if name.hasPrefix("presence-") {
            self = .presence
        } else if name.hasPrefix("private-") {
            self = .privateChannel
        } else {
            self = .publicChannel
        }
    }
}
