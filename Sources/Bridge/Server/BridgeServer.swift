import Atomics
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The whole bridge as one service: HTTP and WebSocket on one port, the Redis subscriber, the
/// cluster reporter and per-loop housekeeping; on shutdown every session gets 4200.
public struct BridgeServer: Service {
    public let bridge: BridgeContext
    private let group: MultiThreadedEventLoopGroup

    /// Builds the shared services for `configuration` (validated already).
    public static func make(configuration: BridgeConfiguration, logger: Logger) async -> BridgeServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let metrics = BridgeMetrics()
        let hub = Hub(eventLoops: Array(group.makeIterator()), historyCapacity: configuration.historyCapacity,
                      historyBytes: configuration.historyBytes, maxTokenLifetime: configuration.maxTokenTTL,
                      metrics: metrics)
        let tokens = await TokenAuthority(secret: configuration.secret, maxLifetime: configuration.maxTokenTTL)
        let bridge = BridgeContext(configuration: configuration, hub: hub, tokens: tokens, metrics: metrics, logger: logger)
        return BridgeServer(bridge: bridge, group: group)
    }

    /// Every few seconds, on one loop, returns freed heap once connections moved a lot.
    private func scheduleMemoryTrims() -> RepeatedTask {
        let trimmer = NIOLoopBoundBox.makeBoxSendingValue(MemoryTrimmer(), eventLoop: group.next())
        let metrics = bridge.metrics
        return trimmer.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(5), delay: .seconds(5)) { _ in
            trimmer.value.trimIfWorthIt(connections: metrics.connections.load(ordering: .relaxed))
        }
    }

    public func run() async throws {
        let configuration = bridge.configuration
        let channel: any Channel
        do {
            channel = try await HTTPServer(bridge: bridge, group: group).bind()
        } catch {
            try? await group.shutdownGracefully()
            throw ConfigurationError(variable: SettingKey.port.variable,
                                     problem: "cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        bridge.logger.info("bridge listening", metadata: ["address": "\(configuration.host):\(port)", "node": "\(configuration.nodeId)",
                                                          "redis": "\(configuration.redis)", "version": "\(BridgeVersion.current)"])
        // The Redis services stop on the graceful shutdown they inherit from this task.
        let subscriber = RedisSubscriber(bridge: bridge, eventLoop: group.next())
        let reporter = ClusterReporter(bridge: bridge, eventLoop: group.next())
        async let subscribed: Void = subscriber.run()
        async let reported: Void = reporter.run()
        let tickers = bridge.hub.loops.map { loopHub in
            loopHub.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                loopHub.tick(now: .now(), wallClock: Int64(Date().timeIntervalSince1970))
            }
        }
        let trimmer = scheduleMemoryTrims()
        try? await gracefulShutdown()
        trimmer.cancel()
        bridge.logger.info("shutting down: closing sessions with 4200")
        tickers.forEach { $0.cancel() }
        try? await channel.close()
        for loopHub in bridge.hub.loops {
            loopHub.eventLoop.execute { loopHub.endAll(.serverShutdown) }
        }
        try? await Task.sleep(for: .milliseconds(800))
        _ = await (subscribed, reported)
        try? await group.shutdownGracefully()
        bridge.logger.info("bridge stopped")
    }
}
