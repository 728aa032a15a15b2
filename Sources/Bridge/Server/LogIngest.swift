import NIOConcurrencyHelpers

/// The log's way into the hub: decodes and folds what the reader hands over (the same way on
/// every node) and delivers it; reports the reader's state.
final class LogIngest: LogSink {
    private let bridge: BridgeContext
    /// Uncontended: the reader calls one method at a time.
    private let decoder: NIOLockedValueBox<LogDecoder>

    init(bridge: BridgeContext) {
        self.bridge = bridge
        self.decoder = NIOLockedValueBox(LogDecoder(decoder: bridge.decoder))
    }

    func preload(_ entries: [LogEntry], after floor: StreamID) {
        var messages: [LogMessage] = []
        var gapAfter: Int?
        for item in decode(entries) {
            switch item {
            case .message(let message): messages.append(message)
            case .gap: gapAfter = messages.count
            }
        }
        bridge.hub.preload(messages, after: floor, gapAfter: gapAfter)
        if let newest = entries.last?.id ?? (floor == .zero ? nil : floor) { bridge.logStatus.delivered(through: newest) }
    }

    func deliver(_ entries: [LogEntry]) {
        var messages: [LogMessage] = []
        for item in decode(entries) {
            switch item {
            case .message(let message):
                messages.append(message)
            case .gap:
                bridge.hub.deliver(messages)
                messages.removeAll()
                bridge.hub.markGap()
            }
        }
        bridge.hub.deliver(messages)
        if let newest = entries.last?.id { bridge.logStatus.delivered(through: newest) }
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
