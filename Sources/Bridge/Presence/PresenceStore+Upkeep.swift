import NIOConcurrencyHelpers
import NIOCore

/// What ``PresenceHeartbeat`` does with the store: start-up, the beat, shutdown.
extension PresenceStore {
    /// Start-up: removes what this node id held before (a restart with the same
    /// `BRIDGE_NODE_ID`: those connections are gone), marks the node alive, then lets joins run.
    func start(ttl: TimeAmount) async throws(RedisError) {
        try await sweep(mode: "own")
        _ = try await markAlive(ttl: ttl)
        setGate(open: true)
    }

    /// One beat: keeps this node alive (restoring its members if other nodes swept them while
    /// its key had expired), retries failed leaves, removes what Redis says this node holds and
    /// it does not (``reconcile()``), removes the members of dead nodes, and reads the user counts
    /// for `/status`. Answers how many members of dead nodes it removed.
    func beat(ttl: TimeAmount) async throws(RedisError) -> Int {
        if try await !markAlive(ttl: ttl) { try await restore() }
        let retries = pendingLeaves.withLockedValue { pending in
            defer { pending.removeAll() }
            return pending
        }
        for membership in retries {
            do {
                try await wait(runLeave(membership))
            } catch {
                pendingLeaves.withLockedValue { _ = $0.insert(membership) }
                throw error
            }
        }
        try await reconcile()
        let swept = try await sweep(mode: "dead")
        try await readUserCounts()
        return swept
    }

    /// Shutdown: removes what this node still holds (connections closed before Redis heard of
    /// it) and its liveness key, so no other node has to wait for it to expire.
    func stop() async {
        setGate(open: false)
        // Both on one pipeline, so a Redis that does not answer costs one command timeout.
        let swept = PresenceScripts.sweep.run(on: redis, keys: [logKey], arguments: [base, maxLength, node, "own"],
                                              what: "removing this node's presence members")
        let deleted = redis.send(RedisCommand(["DEL", base + "alive:" + node]))
        _ = try? await wait(swept.and(deleted))
        redis.close()
    }

    /// Whether this node's key was still there.
    private func markAlive(ttl: TimeAmount) async throws(RedisError) -> Bool {
        let milliseconds = String(max(1, ttl.nanoseconds / 1_000_000))
        let reply = try await wait(redis.send(RedisCommand(["SET", base + "alive:" + node, "1", "PX", milliseconds, "GET"])))
        if case .error(let message) = reply { throw RedisError("marking node \(node) alive: \(message)") }
        return reply != .null
    }

    /// This node's key had expired, so other nodes may have swept its members: joins them again
    /// (a no-op for those still there; `member_added` to everyone, the connection itself included,
    /// for those that were removed, since it saw `member_removed` for them).
    private func restore() async throws(RedisError) {
        let memberships = held.withLockedValue { $0 }
        for (membership, member) in memberships where isHeld(membership) {
            _ = try await wait(runJoin(membership, member: member, excluded: nil, remember: false))
            // Its connection left while the join ran (that leave may have reached Redis first).
            if !isHeld(membership) { _ = try await wait(runLeave(membership)) }
        }
    }

    /// Leaves every membership Redis lists under this node that the node neither holds nor is
    /// joining. A join answered too late, or whose answer was lost, is undone by a leave; when
    /// Redis runs that leave before the join's script (they may travel on two connections, the
    /// first one dropped), the member stays in Redis with no connection behind it: a ghost seen
    /// by everyone. The join count is read before the held memberships, so a join that completes
    /// meanwhile is in one of the two; a leave of something already left is a no-op.
    func reconcile() async throws(RedisError) {
        let reply = try await wait(redis.send(RedisCommand(["HKEYS", base + "node:" + node])))
        guard case .array(let items) = reply, !items.isEmpty else { return }
        let inFlight = joining.withLockedValue { Set($0.keys) }
        let kept = held.withLockedValue { Set($0.keys.map(\.field)) }
        for field in items.compactMap(\.text) where !inFlight.contains(field) && !kept.contains(field) {
            guard let newline = field.firstIndex(of: "\n") else { continue }
            let stray = Membership(socket: String(field[..<newline]), channel: String(field[field.index(after: newline)...]))
            _ = try await wait(runLeave(stray))
        }
    }

    private func isHeld(_ membership: Membership) -> Bool {
        held.withLockedValue { $0[membership] != nil }
    }

    @discardableResult
    private func sweep(mode: String) async throws(RedisError) -> Int {
        let reply = try await wait(PresenceScripts.sweep.run(on: redis, keys: [logKey], arguments: [base, maxLength, node, mode],
                                                             what: "sweeping presence members"))
        if case .integer(let count) = reply { return Int(count) }
        return 0
    }

    private func readUserCounts() async throws(RedisError) {
        let reply = try await wait(PresenceScripts.userCounts.run(on: redis, keys: [logKey], arguments: [base, maxLength, "1000"],
                                                                  what: "reading presence user counts"))
        guard case .array(let items) = reply, case .integer(let total)? = items.first else { return }
        var users: [String: Int] = [:]
        for pair in stride(from: 1, to: items.count - 1, by: 2) {
            if let channel = items[pair].text, case .integer(let count) = items[pair + 1] { users[channel] = Int(count) }
        }
        counts.withLockedValue { $0 = (Int(total), users) }
    }

    func wait<T: Sendable>(_ future: EventLoopFuture<T>) async throws(RedisError) -> T {
        do {
            return try await future.get()
        } catch {
            throw (error as? RedisError) ?? RedisError("\(error)")
        }
    }
}
