import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The log's way into the hub: decodes and folds what the reader hands over (the same way on
/// every node) and delivers it; reports the reader's state.
final class LogIngest: LogSink {
    private let bridge: BridgeContext
    /// Uncontended: the reader calls one method at a time.
    private let decoder: NIOLockedValueBox<LogDecoder>
    private let blocks: BlockStore

    init(bridge: BridgeContext, blocks: BlockStore) {
        self.bridge = bridge
        self.decoder = NIOLockedValueBox(LogDecoder(decoder: bridge.decoder))
        self.blocks = blocks
    }

    func preload(_ entries: [LogEntry], after floor: StreamID) {
        var messages: [LogMessage] = []
        var gapAfter: Int?
        for item in decode(entries) {
            switch item {
            case .message(let message): messages.append(message)
            case .gap: gapAfter = messages.count
            case .terminate: break
            }
        }
        bridge.hub.preload(messages, after: floor, gapAfter: gapAfter)
        loadOlderBlocks()
        if let newest = entries.last?.id ?? (floor == .zero ? nil : floor) {
            bridge.logStatus.delivered(through: newest)
            bridge.hub.noteRead(through: newest)
        }
    }

    func deliver(_ entries: [LogEntry]) {
        var messages: [LogMessage] = []
        for item in decode(entries) {
            switch item {
            case .message(let message):
                messages.append(message)
            case .gap:
                recordStatusChanges(messages)
                bridge.hub.deliver(messages)
                messages.removeAll()
                bridge.hub.markGap()
            case .terminate(let termination):
                // After what was logged before it, as every node sees it.
                recordStatusChanges(messages)
                bridge.hub.deliver(messages)
                messages.removeAll()
                bridge.pusherUsers.terminate(termination.userId)
            }
        }
        recordStatusChanges(messages)
        bridge.hub.deliver(messages)
        if let newest = entries.last?.id {
            bridge.logStatus.delivered(through: newest)
            bridge.hub.noteRead(through: newest)
        }
    }

    /// Keeps every status change in the block store, for nodes that start after it left the log.
    private func recordStatusChanges(_ messages: [LogMessage]) {
        for message in messages {
            if let user = message.message.audience.disconnectedUser { blocks.record(user: user, at: message.id, blocked: true) }
            if let user = message.message.audience.reactivatedUser { blocks.record(user: user, at: message.id, blocked: false) }
        }
    }

    /// Blocks older than the preloaded part of the log, from the block store (in the background:
    /// until it answers, only the blocks in the preloaded entries are known).
    private func loadOlderBlocks() {
        let (bridge, key) = (self.bridge, blocks.key)
        blocks.blocks().whenComplete { result in
            switch result {
            case .success(let blocked):
                for block in blocked { bridge.hub.blockedUsers.block(block.user, now: block.at) }
            case .failure(let error):
                bridge.logger.warning("could not load blocked users from \(key): \(error)")
            }
        }
    }

    func lostContinuity() {
        bridge.hub.markGap()
    }

    func readerConnected(_ connected: Bool, reason: String?) {
        bridge.logStatus.reader(connected: connected, reason: reason)
    }

    private func decode(_ entries: [LogEntry]) -> [LogDecoder.Item] {
        decoder.withLockedValue { decoder in
            decoder.decode(entries) { rejection in
                bridge.reject(rejection, from: .redis, channel: "log \(bridge.logStatus.key)")
            }
        }
    }
}
