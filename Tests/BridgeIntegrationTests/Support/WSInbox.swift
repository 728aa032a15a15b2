import NIOConcurrencyHelpers

/// What a WebSocket client has received, in order, readable from async tests with bounded waits.
final class WSInbox: Sendable {
    private struct State {
        var texts: [String] = []
        var consumed = 0
        var closeCode: UInt16?
        var disconnected = false
        var pongs = 0
        var pingsSeen = 0
    }

    private let state = NIOLockedValueBox(State())

    // MARK: written by the channel handler

    func append(text: String) { state.withLockedValue { $0.texts.append(text) } }
    func recordClose(code: UInt16) { state.withLockedValue { if $0.closeCode == nil { $0.closeCode = code } } }
    func recordDisconnect() { state.withLockedValue { $0.disconnected = true } }
    func recordPong() { state.withLockedValue { $0.pongs += 1 } }
    func recordPing() { state.withLockedValue { $0.pingsSeen += 1 } }

    // MARK: read by tests

    var pongCount: Int { state.withLockedValue { $0.pongs } }
    var pingCount: Int { state.withLockedValue { $0.pingsSeen } }
    var isDisconnected: Bool { state.withLockedValue { $0.disconnected } }
    var receivedCloseCode: UInt16? { state.withLockedValue { $0.closeCode } }
    var unreadCount: Int { state.withLockedValue { $0.texts.count - $0.consumed } }
    /// Text frames received in all, read or not.
    var receivedCount: Int { state.withLockedValue { $0.texts.count } }

    /// The next text frame not yet returned, waiting at most `timeout`; a socket that has ended with
    /// nothing unread fails at once rather than at the deadline.
    func nextText(timeout: Duration) async throws -> String {
        let outcome = await Eventually.value(within: timeout, every: .milliseconds(5)) { () -> String?? in
            let endedBefore = self.isDisconnected
            if let text = self.takeNext() { return .some(text) }
            return endedBefore ? .some(nil) : nil
        }
        guard let text = outcome ?? nil else {
            let (closed, code) = state.withLockedValue { ($0.disconnected, $0.closeCode) }
            let why = closed ? "socket closed (close code \(code.map(String.init) ?? "none"))" : "socket still open"
            throw SupportError("no text frame within \(timeout.seconds) s; \(why)")
        }
        return text
    }

    /// Waits `duration` and answers the first text frame that arrived in it, or nil (the good case).
    func unexpectedText(within duration: Duration) async -> String? {
        let deadline = ContinuousClock.now.advanced(by: duration)
        while ContinuousClock.now < deadline {
            if let text = takeNext() { return text }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return takeNext()
    }

    /// The close code once the socket is closed: the code of the server's close frame, or nil when
    /// the TCP connection ended without one. Throws if the socket is still open after `timeout`.
    func closeCode(timeout: Duration) async throws -> UInt16? {
        let ended = await Eventually.holds(within: timeout, every: .milliseconds(5)) {
            self.state.withLockedValue { $0.closeCode != nil || $0.disconnected }
        }
        guard ended else { throw SupportError("socket still open after \(timeout.seconds) s") }
        return receivedCloseCode
    }

    /// Marks everything received so far as read.
    func drain() -> [String] {
        state.withLockedValue { state in
            let rest = Array(state.texts[state.consumed...])
            state.consumed = state.texts.count
            return rest
        }
    }

    private func takeNext() -> String? {
        state.withLockedValue { state in
            guard state.consumed < state.texts.count else { return nil }
            defer { state.consumed += 1 }
            return state.texts[state.consumed]
        }
    }
}
