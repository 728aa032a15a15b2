import NIOConcurrencyHelpers
import NIOCore

/// This node's Pusher connections by the users they are known as: a presence `user_id`, or the
/// user `pusher:signin` signed them in as (``PusherConnection/userId``). `POST
/// /apps/{id}/users/{user}/terminate_connections` reaches every node through the log and closes
/// the user's connections found here. Thread-safe; each connection is touched on its own loop.
final class PusherUserIndex: Sendable {
    private struct State {
        var byUser: [String: [ObjectIdentifier: NIOLoopBound<PusherConnection>]] = [:]
        var byConnection: [ObjectIdentifier: Set<String>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// `connection` is known as `users` now (empty: forget it). On the connection's loop.
    func set(_ users: Set<String>, for connection: PusherConnection, on eventLoop: any EventLoop) {
        let key = ObjectIdentifier(connection)
        let bound = users.isEmpty ? nil : NIOLoopBound(connection, eventLoop: eventLoop)
        state.withLockedValue { state in
            let old = state.byConnection[key] ?? []
            guard old != users else { return }
            for user in old.subtracting(users) {
                state.byUser[user]?.removeValue(forKey: key)
                if state.byUser[user]?.isEmpty == true { state.byUser.removeValue(forKey: user) }
            }
            if let bound {
                for user in users.subtracting(old) { state.byUser[user, default: [:]][key] = bound }
            }
            state.byConnection[key] = users.isEmpty ? nil : users
        }
    }

    /// Closes every connection of `user` on this node (each on its own loop); answers how many.
    @discardableResult
    func terminate(_ user: String) -> Int {
        let connections = state.withLockedValue { Array(($0.byUser[user] ?? [:]).values) }
        for bound in connections {
            bound.eventLoop.execute { bound.value.terminatedByApp() }
        }
        return connections.count
    }
}
