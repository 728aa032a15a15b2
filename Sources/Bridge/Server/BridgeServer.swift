import Atomics
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The whole bridge: its shared state and its long-running parts as services, run in one
/// `ServiceGroup`. Services start in the order of ``services`` and are shut down in reverse: the
/// HTTP/WebSocket server first (stop accepting, 4200 to every session, drain), then the presence
/// heartbeat (removes this node's members), the cluster reporter (removes this node), the Redis
/// ingest, the log reader, and the housekeeping timers.
public struct BridgeServer: Sendable {
    let bridge: BridgeContext
    /// The loops of the connections and the hub; the log reader, the subscriber and the cluster
    /// reporter run on them too.
    private let group: MultiThreadedEventLoopGroup
    /// One thread for the Redis command connections (``BridgeContext/redisLoop``).
    private let redisGroup: MultiThreadedEventLoopGroup

    /// Builds the shared state for `configuration` (validated already).
    public static func make(configuration: BridgeConfiguration, logger: Logger) async -> BridgeServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoops ?? System.coreCount)
        let redisGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let metrics = BridgeMetrics()
        let hub = Hub(eventLoops: Array(group.makeIterator()), historyCapacity: configuration.historyCapacity,
                      historyBytes: configuration.historyBytes, maxTokenLifetime: configuration.maxTokenTTL,
                      metrics: metrics)
        let tokens = await TokenAuthority(secret: configuration.secret, maxLifetime: configuration.maxTokenTTL)
        let bridge = BridgeContext(configuration: configuration, hub: hub, tokens: tokens, metrics: metrics, logger: logger,
                                   redisLoop: redisGroup.next())
        return BridgeServer(bridge: bridge, group: group, redisGroup: redisGroup)
    }

    /// The services in start order.
    var services: [any Service] {
        let bridge = self.bridge
        let ticks = bridge.hub.loops.map { loopHub in
            LoopTimerService(eventLoop: loopHub.eventLoop, interval: .seconds(1)) {
                loopHub.tick(now: .now(), wallClock: Int64(Date().timeIntervalSince1970))
            }
        }
        let trimmer = NIOLoopBoundBox.makeBoxSendingValue(MemoryTrimmer(), eventLoop: group.next())
        let trims = LoopTimerService(eventLoop: trimmer.eventLoop, interval: .seconds(5)) {
            trimmer.value.trimIfWorthIt(connections: bridge.metrics.connections.load(ordering: .relaxed))
        }
        // Presence upkeep stops after the server: connections closed on shutdown leave first.
        let presence: [any Service] = bridge.configuration.pusher == nil ? [] : [
            PresenceHeartbeat(store: bridge.presence, ttl: .seconds(Int64(bridge.configuration.presenceTTL)), logger: bridge.logger),
        ]
        return ticks + [trims,
                        LogReader(bridge: bridge, eventLoop: group.next()),
                        RedisSubscriber(bridge: bridge, eventLoop: group.next()),
                        ClusterReporter(bridge: bridge, eventLoop: group.next())]
            + presence + [HTTPService(bridge: bridge, group: group)]
    }

    /// Runs every service until one of `signals` (or a failing service) ends them, then stops the
    /// event loops. A failure to listen is thrown as a ``ConfigurationError`` naming the port.
    public func run(gracefulShutdownSignals signals: [UnixSignal], logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: signals, logger: logger)
        // SIGTERM must end the process within 5 s whatever a service does.
        configuration.maximumGracefulShutdownDuration = .milliseconds(4500)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            await stopEventLoops()
            throw error
        }
        await stopEventLoops()
        bridge.logger.info("bridge stopped")
    }

    /// The connections' loops first: a connection closed now may still send a presence leave to
    /// the Redis loop, which closes what is left on it.
    private func stopEventLoops() async {
        try? await group.shutdownGracefully()
        try? await redisGroup.shutdownGracefully()
    }

}
