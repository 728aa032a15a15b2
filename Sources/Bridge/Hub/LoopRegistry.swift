/// The sessions and pollers of one event loop; touched only on that loop.
final class LoopRegistry {
    /// Open sessions in one contiguous array: fan-out walks it without copying it (a removal
    /// during a walk copies it then, which is rare); each session knows its slot.
    private(set) var sessions: [WebSocketSession] = []
    var sessionsByUser: [String: [WebSocketSession]] = [:]
    /// Sockets that have not authenticated yet, watched for the auth timeout.
    var pending: [ObjectIdentifier: WebSocketSession] = [:]
    var pollers: [ObjectIdentifier: PollWaiter] = [:]

    func add(_ session: WebSocketSession, user: String) {
        pending.removeValue(forKey: ObjectIdentifier(session))
        guard session.registrySlot == nil else { return }
        session.registrySlot = sessions.count
        sessions.append(session)
        sessionsByUser[user, default: []].append(session)
    }

    func remove(_ session: WebSocketSession, user: String?) {
        pending.removeValue(forKey: ObjectIdentifier(session))
        guard let slot = session.registrySlot, slot < sessions.count, sessions[slot] === session else { return }
        session.registrySlot = nil
        let last = sessions.removeLast()
        if slot < sessions.count {
            sessions[slot] = last
            last.registrySlot = slot
        }
        guard let user else { return }
        sessionsByUser[user]?.removeAll { $0 === session }
        if sessionsByUser[user]?.isEmpty == true { sessionsByUser.removeValue(forKey: user) }
    }
}
