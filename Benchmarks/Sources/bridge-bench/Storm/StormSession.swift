import BenchCore
import NIOCore

/// One storm session across all its connections. It keeps which event numbers (`soak_seq`) it
/// received as bits, and when a connection ends it reconnects as the browser client does
/// (docs/client.md): after a jittered 0.25–0.5 s when it had been welcomed, else with a jittered
/// back-off doubling from 0.5 s up to 5 s; each time to a node other than the one that failed it,
/// sending `bridge:resume` with the last id it saw, then `bridge:auth`. Confined to its event loop.
final class StormSession: ReconnectingSession {
    let index: Int
    let loop: StormLoop
    let eventLoop: any EventLoop
    let token: String
    let source: SocketAddress?
    private var rng: SoakRandom
    private(set) var node: Int
    var state = SessionState.idle
    var channel: (any Channel)?
    var generation = 0
    private var welcomedOnThisConnection = false
    private var failuresInARow = 0
    var firstWelcome: EventLoopPromise<Void>?
    private var lastEpoch: UInt64 = 0
    private var lastSeq: UInt64 = 0
    private var replayCount = 0

    /// Received event numbers as bits, and how many lead without a gap (0…prefix-1 all held).
    private var bits: [UInt64] = []
    private(set) var prefix = 0
    private(set) var eventsReceived = 0
    private(set) var duplicates = 0
    private(set) var orderViolations = 0
    private(set) var unexpected = 0
    private(set) var resyncs = 0
    private(set) var resumeCountMismatches = 0
    private(set) var replayed = 0
    private(set) var connectFailures = 0

    /// The first end of a connection after the sessions were all up, the welcome that followed,
    /// the newest event published by then, and when the session held every event up to it.
    private(set) var firstDropAt: UInt64?
    private(set) var reconnectedAt: UInt64?
    private(set) var failedBeforeReconnect = 0
    private var needSeq: Int?
    private(set) var caughtUpAt: UInt64?
    /// Drops are recorded only once every session was welcomed (`armed`).
    var armed = false

    init(index: Int, loop: StormLoop, eventLoop: any EventLoop, token: String, source: SocketAddress?) {
        self.index = index
        self.loop = loop
        self.eventLoop = eventLoop
        self.token = token
        self.source = source
        rng = SoakRandom(seed: UInt64(index) &* 104_729)
        node = index % loop.targets.count
    }

    func connect() {
        generation += 1
        let gen = generation
        state = .connecting
        welcomedOnThisConnection = false
        var target = loop.path
        var frames: [String] = []
        if lastEpoch > 0 {
            frames = [#"{"type":"bridge:resume","last_id":"\#(lastEpoch)-\#(lastSeq)"}"#, #"{"type":"bridge:auth","token":"\#(token)"}"#]
        } else {
            target += (target.contains("?") ? "&" : "?") + "token=" + token
        }
        let host = loop.hosts[node]
        let request = ByteBuffer(string: "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: c3Rvcm0tc2Vzc2lvbi1rZXk=\r\nSec-WebSocket-Version: 13\r\nOrigin: http://\(host)\r\n\r\n")
        open(generation: gen, to: loop.targets[node], request: request, firstFrames: frames, connectTimeout: .seconds(8))
        // The browser client gives up on a socket not welcomed within 8 s.
        eventLoop.assumeIsolated().scheduleTask(in: .seconds(8)) {
            guard gen == self.generation, self.state == .connecting || self.state == .awaitingWelcome else { return }
            if let channel = self.channel { channel.close(promise: nil) } else { self.ended() }
        }
    }

    func connectionFailed() { ended() }

    /// A connection ended (or never opened): pick another node and come back after a back-off.
    private func ended() {
        guard state != .finished, state != .down else { return }
        let wasWelcomed = welcomedOnThisConnection
        channel = nil
        state = .down
        generation += 1
        if armed, firstDropAt == nil { firstDropAt = monotonicNanos() }
        if !wasWelcomed {
            connectFailures += 1
            failuresInARow += 1
            if firstDropAt != nil, reconnectedAt == nil { failedBeforeReconnect += 1 }
            if let p = firstWelcome, loop.targets.count == 1 {
                firstWelcome = nil
                p.fail(BenchError("session \(index) could not connect"))
                return
            }
        }
        let base = wasWelcomed ? 500.0 : min(5000, 500 * Double(1 << min(10, max(0, failuresInARow - 1))))
        let delay = base / 2 + rng.seconds(0...1) * base / 2
        if loop.targets.count > 1 {
            let others = (0..<loop.targets.count).filter { $0 != node }
            node = others[Int(rng.next() % UInt64(others.count))]
        }
        eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) {
            if self.state == .down { self.connect() }
        }
    }

    // MARK: Frames

    func onText(_ payload: UnsafeRawBufferPointer, generation gen: Int) {
        guard gen == generation else { return }
        switch SoakFrame.read(payload) {
        case .event(let e, let s, let seq): onEvent(epoch: e, seq: s, number: seq)
        case .welcome: onWelcome()
        case .resumed(let missed):
            if state == .replaying {
                replayed += replayCount
                if missed != replayCount { resumeCountMismatches += 1 }
                state = .open
            }
        case .resync:
            resyncs += 1
            if state == .replaying { state = .open }
        case .error, .pong, .other: break
        }
    }

    private func onWelcome() {
        let resuming = lastEpoch > 0 && !welcomedOnThisConnection
        welcomedOnThisConnection = true
        failuresInARow = 0
        state = resuming ? .replaying : .open
        replayCount = 0
        if firstDropAt != nil, reconnectedAt == nil {
            reconnectedAt = monotonicNanos()
            needSeq = loop.publishedSeq
            checkCaughtUp()
        }
        if let p = firstWelcome {
            firstWelcome = nil
            p.succeed(())
        }
    }

    private func onEvent(epoch e: UInt64, seq s: UInt64, number: UInt32?) {
        eventsReceived += 1
        if e < lastEpoch || (e == lastEpoch && s <= lastSeq) { orderViolations += 1 } else { (lastEpoch, lastSeq) = (e, s) }
        if state == .replaying { replayCount += 1 }
        guard let number else { unexpected += 1; return }
        let n = Int(number)
        let word = n >> 6
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: max(16, word + 1 - bits.count))) }
        let mask = UInt64(1) << UInt64(n & 63)
        if bits[word] & mask != 0 { duplicates += 1; return }
        bits[word] |= mask
        while has(prefix) { prefix += 1 }
        checkCaughtUp()
    }

    private func has(_ n: Int) -> Bool {
        let word = n >> 6
        return word < bits.count && bits[word] & (UInt64(1) << UInt64(n & 63)) != 0
    }

    private func checkCaughtUp() {
        guard caughtUpAt == nil, let need = needSeq, prefix > need else { return }
        caughtUpAt = monotonicNanos()
    }

    func onServerClose(_ code: UInt16, generation gen: Int) {
        guard gen == generation else { return }
        channel?.close(promise: nil)
    }

    func onRefused(_ status: String, generation gen: Int) {}

    func onInactive(generation gen: Int) {
        guard gen == generation else { return }
        ended()
    }

    // MARK: End of the run

    /// Checks the received numbers against 0…last: each exactly once.
    func verify(last: Int, into v: inout StormVerification) {
        v.sessions += 1
        v.duplicates += duplicates
        v.orderViolations += orderViolations
        v.resyncs += resyncs
        v.resumeCountMismatches += resumeCountMismatches
        if !isOpen { v.sessionsNotOpen += 1 }
        var missing: [Int] = []
        var lost = 0
        for n in 0...max(0, last) where !has(n) {
            lost += 1
            if missing.count < 6 { missing.append(n) }
        }
        var above = 0
        for (w, word) in bits.enumerated() where word != 0 {
            for b in 0..<64 where word & (UInt64(1) << UInt64(b)) != 0 && w * 64 + b > last { above += 1 }
        }
        v.unexpected += unexpected + above
        if lost > 0 {
            v.sessionsWithLoss += 1
            v.eventsLost += lost
            if v.examples.count < 10 {
                v.examples.append("session \(index) (node \(node), dropped \(firstDropAt != nil)): missing \(lost), first \(missing.map(String.init).joined(separator: ", "))")
            }
        }
    }
}
