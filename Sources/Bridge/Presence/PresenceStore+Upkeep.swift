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
    /// its key had expired), retries failed leaves, removes the members of dead nodes, and reads
    /// the user counts for `/status`. Answers how many members of dead nodes it removed.
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
