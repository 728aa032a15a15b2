import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Keeps this node's copy of the log and hands each batch read from it to every event loop.
///
/// Storing and dispatching happen under one lock, so every loop sees messages in stream order.
final class Hub: Sendable {
    struct State {
        var history: MessageHistory
        var recent: [RecentEvent] = []
        var readers = ReadWaiters()
        /// The last frame timestamp made, by Unix second: formatting one costs more than the rest
        /// of storing a message, and a burst shares its second.
        var stamp: (second: UInt64, text: String)?
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
         maxTokenLifetime: Int = 604_800, metrics: BridgeMetrics) {
        let loops = eventLoops.map { LoopHub(eventLoop: $0, metrics: metrics) }
        self.loops = loops
        self.loopsByIdentity = Dictionary(uniqueKeysWithValues: loops.map { (ObjectIdentifier($0.eventLoop), $0) })
        self.state = NIOLockedValueBox(State(history: MessageHistory(capacity: historyCapacity, byteCapacity: historyBytes)))
        self.metrics = metrics
        self.blockedUsers = BlockedUsers(maxTokenLifetime: maxTokenLifetime)
    }

    func loopHub(for eventLoop: any EventLoop) -> LoopHub? {
        loopsByIdentity[ObjectIdentifier(eventLoop)]
    }

    /// Stores and dispatches entries read from the log, in stream order.
    func deliver(_ entries: [LogMessage]) {
        guard !entries.isEmpty else { return }
        noteBlocks(in: entries)
        state.withLockedValue { state in
            let stored = entries.map { store($0, in: &state) }
            for loop in loops { loop.dispatch(stored) }
        }
        for entry in entries { metrics.recordReceived(1, from: entry.source) }
    }

    /// Starts the history over with entries already in the log when this node began reading
    /// (nothing is dispatched: no session has missed them here). `floor` is the entry before them;
    /// ids before entry `gapAfter` (a gap marker stood there) resync.
    func preload(_ entries: [LogMessage], after floor: StreamID, gapAfter: Int? = nil) {
        noteBlocks(in: entries)
        state.withLockedValue { state in
            state.history.begin(after: floor)
            for (index, entry) in entries.enumerated() {
                if index == gapAfter { state.history.markGap() }
                _ = store(entry, in: &state)
            }
            if gapAfter == entries.count { state.history.markGap() }
        }
    }

    /// The log has been read (and delivered) through `id`, messages or not.
    func noteRead(through id: StreamID) {
        let released = state.withLockedValue { $0.readers.read(through: id) }
        for waiter in released { waiter.promise.succeed(()) }
    }

    /// Succeeds once the log has been read through `id`, or after `limit`, whichever comes first.
    func whenRead(through id: StreamID, on eventLoop: any EventLoop, within limit: TimeAmount) -> EventLoopFuture<Void> {
        let waiter = ReadWaiters.Waiter(through: id, promise: eventLoop.makePromise(of: Void.self))
        guard state.withLockedValue({ $0.readers.add(waiter) }) else {
            waiter.promise.succeed(())
            return waiter.promise.futureResult
        }
        eventLoop.scheduleTask(in: limit) {
            if self.state.withLockedValue({ $0.readers.remove(waiter) }) { waiter.promise.succeed(()) }
        }
        return waiter.promise.futureResult
    }

    private func noteBlocks(in entries: [LogMessage]) {
        for entry in entries {
            let at = Int64(entry.id.milliseconds / 1000)
            if let user = entry.message.audience.disconnectedUser { blockedUsers.block(user, now: at) }
            if let user = entry.message.audience.reactivatedUser { blockedUsers.unblock(user) }
        }
    }

    private func store(_ entry: LogMessage, in state: inout State) -> StoredMessage {
        let second = entry.id.milliseconds / 1000
        let timestamp: String
        if let stamp = state.stamp, stamp.second == second {
            timestamp = stamp.text
        } else {
            timestamp = Self.timestamp(of: entry.id)
            state.stamp = (second, timestamp)
        }
        let stored = StoredMessage(id: entry.id, seq: state.history.nextSeq(), message: entry.message, timestamp: timestamp)
        state.history.append(stored)
        state.recent.append(RecentEvent(id: stored.id, type: stored.type, timestamp: stored.timestamp))
        if state.recent.count > Self.recentLimit { state.recent.removeFirst(state.recent.count - Self.recentLimit) }
        return stored
    }

    /// The time the log gave the entry, so every node stamps a message alike.
    static func timestamp(of id: StreamID) -> String {
        Date(timeIntervalSince1970: Double(id.milliseconds) / 1000).formatted(.iso8601)
    }

    /// Ingest was down: events published meanwhile never arrived. Every open session is told to
    /// resync, and every resume or poll from before now resyncs too.
    /// A second report of the same gap (a gap marker and a trimmed log after one Redis restart)
    /// tells nobody again: nothing was delivered since the first.
    func markGap() {
        state.withLockedValue { state in
            guard state.history.gapThrough != state.history.lastSeq else { return }
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
            let headId = state.history.headID
            guard case .after(let seq) = state.history.position(of: since) else { return nil }
            return (state.history.messages(after: seq), headId)
        }
    }

    /// The id a poller that has seen everything up to now continues from.
    var newestId: String {
        state.withLockedValue { $0.history.headID }
    }

    /// Size, capacity, oldest and newest kept ids, and the recent events.
    var summary: (size: Int, capacity: Int, firstId: String?, lastId: String?, recent: [RecentEvent]) {
        state.withLockedValue { state in
            (state.history.count, state.history.capacity, state.history.first?.id, state.history.last?.id, state.recent)
        }
    }
}
