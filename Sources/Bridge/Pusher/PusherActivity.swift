import NIOCore

/// When a Pusher connection is pinged or closed (docs/pusher.md#connection): the server sends
/// `pusher:ping` after `activityTimeout` seconds without hearing from the client, and closes with
/// 4201 when nothing arrives within `pongTimeout` seconds of that ping. Pure: the caller says
/// what was heard and when.
struct PusherActivity: Sendable {
    /// Announced in `pusher:connection_established`; Pusher's own value.
    static let activityTimeout: Int64 = 120
    /// Pusher's recommended wait for the answer to a ping.
    static let pongTimeout: Int64 = 30

    /// What the connection has to do now.
    enum Action: Equatable, Sendable {
        case nothing
        case ping
        case close
    }

    private var lastHeard: NIODeadline
    private var pingedAt: NIODeadline?

    init(now: NIODeadline) {
        lastHeard = now
    }

    /// Anything arrived from the client: a frame of any kind counts as activity.
    mutating func heard(at now: NIODeadline) {
        lastHeard = now
        pingedAt = nil
    }

    /// Called every second or so.
    mutating func check(now: NIODeadline) -> Action {
        if let pingedAt {
            return now - pingedAt >= .seconds(Self.pongTimeout) ? .close : .nothing
        }
        guard now - lastHeard >= .seconds(Self.activityTimeout) else { return .nothing }
        pingedAt = now
        return .ping
    }
}
