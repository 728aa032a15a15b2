import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// This node's side of the presence members kept in Redis (``PresenceScripts``): joins and
/// leaves of its connections, the reads of the HTTP API, and what the heartbeat
/// (``PresenceHeartbeat``) needs: this node's memberships (to restore them if other nodes swept
/// them while this node could not reach Redis), leaves that failed (retried), and the user counts
/// last read for `/status`. Thread-safe: state behind locks, Redis on one connection of its own.
final class PresenceStore: Sendable {
    /// Pusher's default limit of members in one presence channel (`BRIDGE_PRESENCE_MAX_MEMBERS`).
    static let defaultMaxMembers = 100
    /// How long a join may wait for Redis (and for start-up, see ``ready``).
    static let joinTimeout = TimeAmount.seconds(5)
    /// Leaves kept for retrying at most.
    static let maxPendingLeaves = 100_000

    /// One connection in one channel, as this node holds it.
    struct Membership: Hashable, Sendable {
        let socket: String
        let channel: String
        /// The field of the node's hash: `<socket>\n<channel>`.
        var field: String { "\(socket)\n\(channel)" }
    }

    /// Joins wait until start-up has removed what this node id held before: closed (with the
    /// promise joins wait on, made by the first of them), open, or stopped (shutdown).
    enum Gate {
        case closed(EventLoopPromise<Void>?)
        case open
        case stopped
    }

    let node: String
    let base: String
    let logKey: String
    let eventLoop: any EventLoop
    let maxLength: String
    /// Most members (distinct users) of one channel; the next user's join answers ``PresenceJoin/full``.
    let maxMembers: Int
    let redis: LazyConnection
    let gate = NIOLockedValueBox(Gate.closed(nil))
    let held = NIOLockedValueBox<[Membership: PresenceMember]>([:])
    /// Joins sent and not answered yet (their script may have run in Redis already), by field.
    let joining = NIOLockedValueBox<[String: Int]>([:])
    let pendingLeaves = NIOLockedValueBox<Set<Membership>>([])
    let counts = NIOLockedValueBox<(total: Int, users: [String: Int])>((0, [:]))

    init(endpoint: RedisEndpoint, logKey: String, maxLength: Int, node: String, eventLoop: any EventLoop,
         maxMembers: Int = PresenceStore.defaultMaxMembers, limits: RedisLimits = RedisLimits(commandTimeout: .seconds(3))) {
        self.node = node
        self.maxMembers = maxMembers
        self.logKey = logKey
        self.base = logKey + ":presence:"
        self.maxLength = String(maxLength)
        self.eventLoop = eventLoop
        self.redis = LazyConnection(endpoint: endpoint, eventLoop: eventLoop, limits: limits)
    }

    // MARK: Joins and leaves

    /// Adds `socket` to `channel` as `member`: the first connection of that user on any node
    /// appends `member_added` (leaving out `socket`). Waits for start-up (this node's leftovers
    /// removed), at most ``joinTimeout`` in all.
    func join(socket: String, channel: String, member: PresenceMember) -> EventLoopFuture<PresenceJoin> {
        let membership = Membership(socket: socket, channel: channel)
        let answer = eventLoop.makePromise(of: PresenceJoin.self)
        let settled = ManagedAtomic(false)
        let timer = eventLoop.scheduleTask(in: Self.joinTimeout) {
            if settled.exchange(true, ordering: .relaxed) == false {
                answer.fail(RedisError("no answer from Redis within \(Self.joinTimeout.nanoseconds / 1_000_000_000) s"))
            }
        }
        joining.withLockedValue { $0[membership.field, default: 0] += 1 }
        whenReady().flatMap {
            self.runJoin(membership, member: member, excluded: socket)
        }.whenComplete { result in
            self.joining.withLockedValue { joining in
                if let count = joining[membership.field], count > 1 { joining[membership.field] = count - 1 } else { joining[membership.field] = nil }
            }
            timer.cancel()
            guard settled.exchange(true, ordering: .relaxed) == false else {
                // Answered too late for the connection, which counts it as failed: undo it.
                if case .success(.joined) = result { self.leave(socket: socket, channel: channel) }
                return
            }
            answer.completeWith(result)
        }
        return answer.futureResult.flatMapErrorThrowing { error in
            // The script may have run although its answer was lost: leave, which is a no-op otherwise.
            self.leave(socket: socket, channel: channel)
            throw error
        }
    }

    /// Runs the join script; a new membership (`remember`) is kept, to be restored if other nodes sweep this one.
    func runJoin(_ membership: Membership, member: PresenceMember, excluded: String?, remember: Bool = true) -> EventLoopFuture<PresenceJoin> {
        let data = "{\"user_id\":\(JSONText.quote(member.userId)),\"user_info\":\(member.info)}"
        let added = ChannelEvent(name: "pusher_internal:member_added", data: data, channels: [membership.channel],
                                 excludedSocket: excluded)
        let arguments = [base, maxLength, node, membership.field, membership.channel, member.userId, member.info,
                         String(maxMembers), String(decoding: added.logEnvelope, as: UTF8.self)]
        return PresenceScripts.join.run(on: redis, keys: [logKey], arguments: arguments, what: "joining \(membership.channel)")
            .flatMapThrowing { reply in
                let join = try Self.decodeJoin(reply)
                if remember, case .joined = join { self.held.withLockedValue { $0[membership] = member } }
                return join
            }
    }

    /// Removes `socket` from `channel`: its user's last connection appends `member_removed`.
    /// Retried by the heartbeat when Redis cannot be reached now.
    func leave(socket: String, channel: String) {
        let membership = Membership(socket: socket, channel: channel)
        held.withLockedValue { _ = $0.removeValue(forKey: membership) }
        runLeave(membership).whenFailure { _ in
            self.pendingLeaves.withLockedValue { pending in
                if pending.count < Self.maxPendingLeaves { pending.insert(membership) }
            }
        }
    }

    func runLeave(_ membership: Membership) -> EventLoopFuture<Void> {
        PresenceScripts.leave.run(on: redis, keys: [logKey], arguments: [base, maxLength, node, membership.field, membership.channel],
                                  what: "leaving \(membership.channel)").map { _ in }
    }

    /// Succeeds once joins may run; fails when the bridge is stopping.
    private func whenReady() -> EventLoopFuture<Void> {
        let loop = eventLoop
        return gate.withLockedValue { gate in
            switch gate {
            case .open: return loop.makeSucceededVoidFuture()
            case .stopped: return loop.makeFailedFuture(RedisError("the bridge is stopping"))
            case .closed(let waiting?): return waiting.futureResult
            case .closed(nil):
                let waiting = loop.makePromise(of: Void.self)
                gate = .closed(waiting)
                return waiting.futureResult
            }
        }
    }

    /// Opens the gate (start-up done) or stops it (shutdown), releasing the joins waiting.
    func setGate(open: Bool) {
        let waiting = gate.withLockedValue { gate -> EventLoopPromise<Void>? in
            guard case .closed(let waiting) = gate else { return nil }
            gate = open ? .open : .stopped
            return waiting
        }
        if open { waiting?.succeed(()) } else { waiting?.fail(RedisError("the bridge is stopping")) }
    }

    static func decodeJoin(_ reply: RedisReply) throws -> PresenceJoin {
        guard case .array(let parts) = reply, let status = parts.first?.text else { throw RedisError("the join script answered \(reply)") }
        if status == "full" { return .full }
        guard parts.count == 3, let floor = parts[1].text.flatMap({ StreamID($0) }), case .array(let flat) = parts[2] else {
            throw RedisError("the join script answered \(reply)")
        }
        var members: [PresenceMember] = []
        for pair in stride(from: 0, to: flat.count - 1, by: 2) {
            guard let id = flat[pair].text, let info = flat[pair + 1].text else { continue }
            members.append(PresenceMember(userId: id, info: info))
        }
        return .joined(floor: floor, members: members)
    }
}
