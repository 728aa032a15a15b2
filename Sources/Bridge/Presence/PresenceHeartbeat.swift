import Logging
import NIOCore
import ServiceLifecycle

/// Keeps presence honest across nodes (docs/architecture.md#presence): at start-up removes what
/// this node id held before, then every `interval` renews this node's liveness key (`ttl`),
/// retries failed leaves and removes the members of nodes whose key has expired, appending
/// `member_removed` for them. A node that dies is swept by the others within `ttl` + `interval`.
/// On shutdown it removes what this node still holds and its key.
struct PresenceHeartbeat: Service {
    let store: PresenceStore
    let ttl: TimeAmount
    let logger: Logger

    /// How often the beat runs: a third of the TTL, at most every 2 s.
    var interval: TimeAmount { min(.seconds(2), .nanoseconds(ttl.nanoseconds / 3)) }

    func run() async {
        await cancelWhenGracefulShutdown { await self.beatUntilCancelled() }
        await store.stop()
    }

    private func beatUntilCancelled() async {
        var started = false
        var failures = 0
        while !Task.isCancelled {
            do {
                if !started {
                    try await store.start(ttl: ttl)
                    started = true
                }
                let swept = try await store.beat(ttl: ttl)
                if swept > 0 { logger.info("removed the presence members of nodes that stopped reporting", metadata: ["members": "\(swept)"]) }
                failures = 0
            } catch {
                failures += 1
                if failures % 10 == 1 { logger.warning("presence upkeep failed, retrying: \(error)") }
            }
            await store.eventLoop.pause(for: interval)
        }
    }
}
