/// A long-poll request waiting on one event loop for a message its user may see.
final class PollWaiter {
    let identity: SessionIdentity
    private let onWake: () -> Void

    init(identity: SessionIdentity, onWake: @escaping () -> Void) {
        self.identity = identity
        self.onWake = onWake
    }

    func wants(_ message: StoredMessage) -> Bool {
        message.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: "")
    }

    func wake() {
        onWake()
    }
}
