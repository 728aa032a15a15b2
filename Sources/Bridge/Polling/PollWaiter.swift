import NIOCore

/// A long-poll parked on one event loop until a message its user may see arrives: a recipient
/// that takes nothing itself but wakes its request, which then answers from the history.
final class PollWaiter: Recipient {
    let identity: SessionIdentity
    var registrySlot: Int?
    private let onWake: () -> Void

    init(identity: SessionIdentity, onWake: @escaping () -> Void) {
        self.identity = identity
        self.onWake = onWake
    }

    var userId: String? { identity.userId }

    func takes(_ message: StoredMessage) -> Bool {
        message.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: "")
    }

    func receive(joined frames: ByteBuffer) { onWake() }

    func receive(_ messages: [StoredMessage]) { onWake() }

    func resync() { onWake() }

    func end(_ reason: RecipientEnd) { onWake() }

    func tick(now: NIODeadline, wallClock: Int64) {}
}
