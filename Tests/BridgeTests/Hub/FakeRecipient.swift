import Foundation
import NIOCore
@testable import Bridge

/// A recipient that records what the hub hands it, admitted as a user with roles like a session.
final class FakeRecipient: Recipient {
    let userId: String?
    let roles: Set<String>
    var registrySlot: Int?
    private var lastSeq: UInt64 = 0
    private(set) var offered: [String] = []
    private(set) var joinedWrites: [ByteBuffer] = []
    private(set) var separateWrites: [[String]] = []
    private(set) var resyncs = 0
    private(set) var ends: [RecipientEnd] = []
    private(set) var ticks = 0

    init(user: String, roles: Set<String> = []) {
        self.userId = user
        self.roles = roles
    }

    func takes(_ message: StoredMessage) -> Bool {
        offered.append(message.id)
        guard let userId, message.seq > lastSeq,
              message.audience.admits(user: userId, sessionRoles: roles, sessionId: "s-\(userId)") else { return false }
        lastSeq = message.seq
        return true
    }

    func receive(joined frames: ByteBuffer) { joinedWrites.append(frames) }
    func receive(_ messages: [StoredMessage]) { separateWrites.append(messages.map(\.id)) }
    func resync() { resyncs += 1 }
    func end(_ reason: RecipientEnd) { ends.append(reason) }
    func tick(now: NIODeadline, wallClock: Int64) { ticks += 1 }

    /// The ids of the event frames in every joined write, in order.
    var receivedIds: [String] {
        joinedWrites.flatMap(Self.ids(in:)) + separateWrites.flatMap { $0 }
    }

    static func ids(in frames: ByteBuffer) -> [String] {
        let text = String(buffer: frames)
        return text.components(separatedBy: "{\"id\":\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}
