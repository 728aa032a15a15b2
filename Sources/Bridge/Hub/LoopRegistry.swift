/// The sessions and pollers of one event loop; touched only on that loop.
final class LoopRegistry {
    var sessions: [ObjectIdentifier: WebSocketSession] = [:]
    var sessionsByUser: [String: [WebSocketSession]] = [:]
    /// Sockets that have not authenticated yet, watched for the auth timeout.
    var pending: [ObjectIdentifier: WebSocketSession] = [:]
    var pollers: [ObjectIdentifier: PollWaiter] = [:]

    func add(_ session: WebSocketSession, user: String) {
        pending.removeValue(forKey: ObjectIdentifier(session))
        sessions[ObjectIdentifier(session)] = session
        sessionsByUser[user, default: []].append(session)
    }

    func remove(_ session: WebSocketSession, user: String?) {
        let key = ObjectIdentifier(session)
        pending.removeValue(forKey: key)
        guard sessions.removeValue(forKey: key) != nil, let user else { return }
        sessionsByUser[user]?.removeAll { $0 === session }
        if sessionsByUser[user]?.isEmpty == true { sessionsByUser.removeValue(forKey: user) }
    }
}
