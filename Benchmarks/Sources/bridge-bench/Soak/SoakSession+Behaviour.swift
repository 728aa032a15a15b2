import BenchCore
import NIOCore

/// What each kind of session does on top of reading: slow readers stop reading for a while,
/// reconnecting sessions leave and come back, bad-frame sessions send what the bridge must refuse.
extension SoakSession {
    /// Bad text frames, each answered with `bridge:error`. With a binary frame (also `bridge:error`)
    /// and a text frame over 16 KiB (close 1009, then a reconnect) they make a cycle of seven.
    private static let badTexts = [
        "this is not json {",
        "[1,2,3]",
        #"{"hello":"world"}"#,
        #"{"type":"ticket_created","data":{"ticket":{"id":1,"requester_id":2}}}"#,
        #"{"type":"bridge:subscribe","channel":"all"}"#,
    ]
    private static let oversized = #"{"type":"bridge:ping","pad":""# + String(repeating: "x", count: 20_000) + #""}"#

    /// Starts the kind's behaviour (after the warm-up, so that every session already has a `last_id`).
    func startBehaviour() {
        switch kind {
        case .steady: break
        case .slow:
            after(rng.seconds(1...10)) { self.slowTick() }
            after(10) { self.keepAlive() }
        case .reconnecting: after(rng.seconds(20...60)) { self.leave() }
        case .badFrames: after(rng.seconds(10...30)) { self.sendBadFrame() }
        }
    }

    /// The end of the run: no more stops, drops or bad frames; slow readers read everything.
    func quiesce() {
        if kind == .slow { setPaused(false) }
    }

    private func after(_ seconds: Double, _ body: @escaping () -> Void) {
        eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(seconds * 1000)), body)
    }

    private func slowTick() {
        guard !loop.quiescing else { return setPaused(false) }
        setPaused(!paused)
        after(paused ? rng.seconds(10...max(10, setup.maxPauseSeconds)) : rng.seconds(5...15)) { self.slowTick() }
    }

    private func setPaused(_ value: Bool) {
        if value && !paused { stats.pauses += 1 }
        if !value && paused {
            // What it reads in the next 3 s is mostly the backlog of the pause.
            catchUpFrom = bytesRead
            after(3) {
                guard let from = self.catchUpFrom else { return }
                self.catchUpFrom = nil
                self.stats.largestCatchUpBytes = max(self.stats.largestCatchUpBytes, self.bytesRead - from)
            }
        }
        paused = value
        channel?.setOption(ChannelOptions.autoRead, value: !value).whenComplete { _ in }
    }

    /// A stopped reader sees no server pings; its own `bridge:ping` keeps it from the idle close.
    private func keepAlive() {
        guard state != .finished else { return }
        if isOpen { send(text: #"{"type":"bridge:ping"}"#) }
        after(10) { self.keepAlive() }
    }

    private func leave() {
        guard !loop.quiescing, state != .finished else { return }
        guard state == .open, let channel else { return after(2) { self.leave() } }
        state = .leaving
        stats.leaves += 1
        if rng.chance(0.5) {
            let gen = generation
            var code = channel.allocator.buffer(capacity: 2)
            code.writeInteger(UInt16(1000))
            channel.writeAndFlush(WebSocketFrame.clientFrame(opcode: WebSocketFrame.opClose, payload: code.readableBytesView, allocator: channel.allocator), promise: nil)
            after(2) { if gen == self.generation, self.state == .leaving { self.channel?.close(promise: nil) } }
        } else {
            channel.close(promise: nil)
        }
        after(rng.seconds(20...60)) { self.leave() }
    }

    private func sendBadFrame() {
        guard !loop.quiescing, state != .finished else { return }
        after(rng.seconds(10...30)) { self.sendBadFrame() }
        guard state == .open, let channel else { return }
        // The oversized frame comes third, so that a short run sees a 1009 too.
        let turn = [0, 1, 6, 2, 3, 5, 4][(stats.badFramesSent + stats.oversizedSent) % 7]
        switch turn {
        case 0..<5:
            stats.badFramesSent += 1
            send(text: Self.badTexts[turn])
        case 5:
            stats.badFramesSent += 1
            let bytes = ByteBuffer(bytes: [0x01, 0x02, 0x03, 0xFF])
            channel.writeAndFlush(WebSocketFrame.clientFrame(opcode: 0x2, payload: bytes.readableBytesView, allocator: channel.allocator), promise: nil)
        default:
            stats.oversizedSent += 1
            expectingTooLarge = true
            send(text: Self.oversized)
        }
    }

    func send(text: String) {
        guard let channel else { return }
        let payload = ByteBuffer(string: text)
        channel.writeAndFlush(WebSocketFrame.clientFrame(opcode: WebSocketFrame.opText, payload: payload.readableBytesView, allocator: channel.allocator), promise: nil)
    }
}
