import BenchCore
import NIOCore

/// Settings every soak session shares.
struct SoakSetup: Sendable {
    let url: WebSocketURL
    let target: SocketAddress
    let sources: [SocketAddress]
    /// Longest stop of a slow reader, in seconds.
    let maxPauseSeconds: Double
}

/// One simulated user session across all its connections: it keeps every event number it
/// received, reconnects with `last_id` (in the query or as `bridge:resume` + `bridge:auth`
/// frames) whenever a connection ends, and plays its kind's part (slow reads, drops, bad frames).
/// Confined to its event loop.
final class SoakSession: ReconnectingSession {
    let index: Int
    let kind: SoakKind
    let loop: SoakLoop
    let eventLoop: any EventLoop
    let setup: SoakSetup
    let token: String
    let source: SocketAddress?
    var rng: SoakRandom
    var received: [UInt32] = []
    var stats = SoakSessionStats()
    var everConnected = false
    var sentinelSeen = false
    var sessionId: String?
    var state = SessionState.idle
    var channel: (any Channel)?
    var generation = 0
    var epoch: UInt64 = 0
    var lastSeq: UInt64 = 0
    var resuming = false
    var replayCount = 0
    var closeCode: UInt16?
    var expectingTooLarge = false
    var paused = false
    /// Bytes of frames read so far, and when the current catch-up after a pause began.
    var bytesRead = 0
    var catchUpFrom: Int?
    var firstWelcome: EventLoopPromise<Void>?

    init(index: Int, kind: SoakKind, loop: SoakLoop, eventLoop: any EventLoop, setup: SoakSetup, token: String) {
        self.index = index
        self.kind = kind
        self.loop = loop
        self.eventLoop = eventLoop
        self.setup = setup
        self.token = token
        source = setup.sources.isEmpty ? nil : setup.sources[index % setup.sources.count]
        rng = SoakRandom(seed: UInt64(index) &* 7919)
        stats.sessions = 1
    }

    func connect() {
        generation += 1
        let gen = generation
        state = .connecting
        closeCode = nil
        expectingTooLarge = false
        let lastId: String? = epoch > 0 ? "\(epoch)-\(lastSeq)" : nil
        resuming = lastId != nil
        var target = setup.url.pathAndQuery
        var firstFrames: [String] = []
        if let lastId, rng.chance(0.5) {
            // Resume and authenticate by frames: the resume is remembered until the welcome.
            firstFrames = [#"{"type":"bridge:resume","last_id":"\#(lastId)"}"#, #"{"type":"bridge:auth","token":"\#(token)"}"#]
        } else {
            target += (target.contains("?") ? "&" : "?") + "token=" + token
            if let lastId { target += "&last_id=" + lastId }
        }
        let host = "\(setup.url.host):\(setup.url.port)"
        let request = ByteBuffer(string: "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: c29hay1zZXNzaW9uLWtleQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://\(host)\r\n\r\n")
        open(generation: gen, to: setup.target, request: request, firstFrames: firstFrames,
             connectTimeout: .seconds(10), receiveBuffer: kind == .slow ? 32 * 1024 : nil)
    }

    func connectionFailed() {
        stats.connectFailures += 1
        state = .down
        if !everConnected, let p = firstWelcome {
            firstWelcome = nil
            p.fail(BenchError("session \(index) could not connect"))
            return
        }
        reconnect(after: 1)
    }

    func reconnect(after seconds: Double) {
        state = .down
        eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            if self.state == .down { self.connect() }
        }
    }

    // MARK: End of the run

    func record() -> SoakSessionRecord {
        var s = stats
        s.open = isOpen ? 1 : 0
        return SoakSessionRecord(index: index, kind: kind, everConnected: everConnected, received: received, stats: s, sentinelSeen: sentinelSeen)
    }
}

/// A session's outcome, handed from its event loop to the verifier.
struct SoakSessionRecord: Sendable {
    let index: Int
    let kind: SoakKind
    let everConnected: Bool
    let received: [UInt32]
    let stats: SoakSessionStats
    let sentinelSeen: Bool
}
