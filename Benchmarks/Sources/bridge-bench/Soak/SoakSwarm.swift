import BenchCore
import NIOCore
import NIOPosix

/// The soak's sessions, spread over a few event loops of this process (10,000 sessions and their
/// reconnects stay well under the 20,000 open files of one process).
final class SoakSwarm: Sendable {
    let population: SoakPopulation
    private let group: MultiThreadedEventLoopGroup
    private let loops: [NIOLoopBoundBox<SoakLoop>]

    init(population: SoakPopulation, threads: Int) {
        self.population = population
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        loops = group.makeIterator().map { NIOLoopBoundBox.makeBoxSendingValue(SoakLoop(), eventLoop: $0) }
    }

    /// Makes every session (tokens minted here, one per user and loop), connecting none yet.
    func create(setup: SoakSetup, secret: String, expiresAt: Int) async throws {
        let population = self.population, count = loops.count
        for (li, box) in loops.enumerated() {
            try await box.eventLoop.submit {
                let minter = TokenMinter(secret: secret)
                var tokens: [Int: String] = [:]
                for s in stride(from: li, to: population.sessions, by: count) {
                    let user = population.userID(ofSession: s)
                    let token = tokens[user] ?? minter.token(user: String(user), roles: population.roles(ofSession: s).names, expiresAt: expiresAt)
                    tokens[user] = token
                    box.value.sessions.append(SoakSession(index: s, kind: population.kind(ofSession: s), loop: box.value,
                                                          eventLoop: box.eventLoop, setup: setup, token: token))
                }
            }.get()
        }
    }

    /// Connects every session, `concurrency` at a time; returns (welcomed, failed with reasons).
    func connectAll(concurrency: Int, timeoutSeconds: Double, progress: @Sendable (Int, Int) -> Void) async -> (Int, [String: Int]) {
        await loops.connectAll(total: population.sessions, concurrency: concurrency, timeoutSeconds: timeoutSeconds,
                               progressEveryNanos: 2_000_000_000, progress: progress)
    }

    func sessionId(of s: Int) async -> String? {
        let box = loops[s % loops.count], position = s / loops.count
        return try? await box.eventLoop.submit { box.value.sessions[position].sessionId }.get()
    }

    /// From now on, sessions flag `seq` when it arrives (the warm-up, then the closing sentinel).
    func watch(seq: UInt32) async {
        _ = await loops.each { loop in
            loop.sentinelSeq = seq
            for s in loop.sessions { s.sentinelSeen = false }
        }
    }

    func startBehaviours() async {
        _ = await loops.each { loop in for s in loop.sessions { s.startBehaviour() } }
    }

    func quiesce() async {
        _ = await loops.each { loop in
            loop.quiescing = true
            for s in loop.sessions { s.quiesce() }
        }
    }

    func snapshot() async -> SoakSnapshot {
        var out = SoakSnapshot()
        for part in await loops.each({ $0.snapshot() }) { out.merge(part) }
        return out
    }

    /// Closes every session and hands over what each received, plus the number of events seen
    /// under different ids by different loops.
    func finish() async -> ([SoakSessionRecord], Int) {
        let parts = await loops.each { loop -> ([SoakSessionRecord], [UInt64]) in
            for s in loop.sessions { s.finish() }
            return (loop.sessions.map { $0.record() }, loop.idOf)
        }
        var mismatches = 0
        if let first = parts.first?.1 {
            for (_, other) in parts.dropFirst() {
                for i in 0..<min(first.count, other.count) where first[i] != 0 && other[i] != 0 && first[i] != other[i] { mismatches += 1 }
            }
        }
        return (parts.flatMap(\.0).sorted { $0.index < $1.index }, mismatches)
    }

    func shutdown() async {
        try? await group.shutdownGracefully()
    }
}
