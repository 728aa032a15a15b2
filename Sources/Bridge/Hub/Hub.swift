import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Numbers accepted messages, keeps the history and hands each batch to every event loop.
///
/// Numbering, storing and dispatching happen under one lock, so every loop sees messages in
/// `seq` order whichever thread accepted them.
final class Hub: Sendable {
    struct State {
        var history: MessageHistory
        var recent: [RecentEvent] = []
    }

    /// How many recent events `/status` lists.
    static let recentLimit = 20

    let loops: [LoopHub]
    private let loopsByIdentity: [ObjectIdentifier: LoopHub]
    private let state: NIOLockedValueBox<State>
    let metrics: BridgeMetrics
    /// Users whose tokens are refused, kept from the messages that block and reactivate them.
    let blockedUsers: BlockedUsers

    init(eventLoops: [any EventLoop], historyCapacity: Int, historyBytes: Int = 64 * 1024 * 1024,
                maxTokenLifetime: Int = 604_800, metrics: BridgeMetrics, epoch: String? = nil) {
        let loops = eventLoops.map { LoopHub(eventLoop: $0, metrics: metrics) }
        self.loops = loops
        self.loopsByIdentity = Dictionary(uniqueKeysWithValues: loops.map { (ObjectIdentifier($0.eventLoop), $0) })
        let epoch = epoch ?? String(UInt64(Date().timeIntervalSince1970 * 1000))
        self.state = NIOLockedValueBox(State(history: MessageHistory(epoch: epoch, capacity: historyCapacity,
                                                                          byteCapacity: historyBytes)))
        self.metrics = metrics
        self.blockedUsers = BlockedUsers(maxTokenLifetime: maxTokenLifetime)
    }

    func loopHub(for eventLoop: any EventLoop) -> LoopHub? {
        loopsByIdentity[ObjectIdentifier(eventLoop)]
    }

    /// Numbers, stores and dispatches `messages`; answers their ids in order.
    @discardableResult
    func accept(_ messages: [IncomingMessage], from source: MessageSource) -> [String] {
        guard !messages.isEmpty else { return [] }
        let now = Date()
        let timestamp = now.formatted(.iso8601)
        for message in messages {
            if let user = message.audience.disconnectedUser { blockedUsers.block(user, now: Int64(now.timeIntervalSince1970)) }
            if let user = message.audience.reactivatedUser { blockedUsers.unblock(user) }
        }
        let ids = state.withLockedValue { state in
            let stored = messages.map { message in
                let next = state.history.nextID()
                let stored = StoredMessage(id: next.id, seq: next.seq, message: message, timestamp: timestamp)
                state.history.append(stored)
                state.recent.append(RecentEvent(id: stored.id, type: stored.type, timestamp: timestamp))
                return stored
            }
            if state.recent.count > Self.recentLimit { state.recent.removeFirst(state.recent.count - Self.recentLimit) }
            for loop in loops { loop.dispatch(stored) }
            return stored.map(\.id)
        }
        metrics.recordReceived(ids.count, from: source)
        return ids
    }

    /// Ingest was down: events published meanwhile never arrived. Every open session is told to
    /// resync, and every resume or poll from before now resyncs too.
    func markGap() {
        state.withLockedValue { state in
            state.history.markGap()
            for loop in loops { loop.resyncAll() }
        }
    }

    /// The newest `seq`, and what a client's `last_id` means against the history.
    func resumePoint(for lastId: String?) -> (head: UInt64, position: MessageHistory.Position?) {
        state.withLockedValue { state in
            (state.history.lastSeq, lastId.map { state.history.position(of: $0) })
        }
    }

    /// Kept messages in `(after, through]`.
    func messages(after: UInt64, through: UInt64) -> [StoredMessage] {
        state.withLockedValue { $0.history.messages(after: after, through: through) }
    }

    /// Kept messages after the client's `since` and the newest id, or nil for a resync.
    func messages(since: String) -> (messages: [StoredMessage], headId: String)? {
        state.withLockedValue { state in
            let headId = "\(state.history.epoch)-\(state.history.lastSeq)"
            guard case .after(let seq) = state.history.position(of: since) else { return nil }
            return (state.history.messages(after: seq), headId)
        }
    }

    /// The id a poller that has seen everything up to now continues from.
    var newestId: String {
        state.withLockedValue { "\($0.history.epoch)-\($0.history.lastSeq)" }
    }

    /// Size, capacity, oldest and newest kept ids, and the recent events.
    var summary: (size: Int, capacity: Int, firstId: String?, lastId: String?, recent: [RecentEvent]) {
        state.withLockedValue { state in
            (state.history.count, state.history.capacity, state.history.first?.id, state.history.last?.id, state.recent)
        }
    }
}
