import Foundation
import Logging
import NIOCore

/// `pusher:signin` on a Pusher connection (docs/pusher.md#user-authentication): a correctly signed
/// `user_data` makes the connection its user's, answered by `pusher:signin_success`; a bad
/// signature, or a user blocked as `/ws` sessions are, gets `pusher:error` 4009 and the close
/// code 4009, as Pusher closes an unauthorised connection. Once signed in, the connection is
/// indexed under its user and receives the help-desk events on `#server-to-user-{id}`.
extension PusherConnection {
    func signIn(auth: String?, userData: String?) {
        let user: PusherUserAuth.User
        switch PusherUserAuth(app: app).user(auth: auth, userData: userData, socketId: socketId) {
        case .success(let signed):
            user = signed
        case .failure(let refusal):
            refuse(PusherErrorCode.unauthorized, "Connection not authorized: \(refusal.message)")
            return
        }
        if let current = userId, current != user.id {
            write(PusherFrame.error(code: nil, message: "this connection is signed in as user \(current); open a new connection to sign in as user \(user.id)"),
                  flush: true)
            return
        }
        guard !bridge.hub.blockedUsers.isBlocked(user.id, now: Int64(Date().timeIntervalSince1970)) else {
            refuse(PusherErrorCode.unauthorized, Self.blocked(user.id))
            return
        }
        if userId == nil {
            // Indexed by the user it has now: out of the registry before the id changes, back in after.
            loopHub?.unregister(self)
            userId = user.id
            loopHub?.register(self)
        }
        userRoles = user.roles
        write(PusherFrame.signinSuccess(userData: userData ?? "{}"), flush: true)
        bridge.logger.debug("Pusher connection signed in", metadata: ["socket_id": "\(socketId)", "user": "\(user.id)"])
    }

    /// Why a blocked user's connection is closed, or its signin refused.
    static func blocked(_ user: String) -> String {
        "user \(user) is blocked; a user_status_changed to active lifts it"
    }

    /// `pusher:subscribe` to `#server-to-user-{id}`, which pusher-js sends after signing in:
    /// succeeds for the connection's own user (whose events arrive once signed in, subscribed or
    /// not), refused for any other.
    func subscribeToUserChannel(_ channel: String) {
        guard let userId, channel == PusherUserEvents.channel(of: userId) else {
            let why = userId.map { "it is another user's channel; this connection is signed in as user \($0)" }
                ?? "only a connection signed in as its user may subscribe; send pusher:signin first"
            write(PusherFrame.subscriptionError(channel: channel, type: "AuthError", error: "\(channel): \(why)", status: 403), flush: true)
            return
        }
        write(PusherFrame.subscriptionSucceeded(channel: channel), flush: true)
    }
}
