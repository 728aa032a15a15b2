import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// HTTP and WebSocket on one port, as a service: listens until graceful shutdown, then stops
/// accepting, ends every connection (sessions get 4200) and waits for them to close.
struct HTTPService: Service {
    /// How long shutdown waits for connections to close after telling them to.
    static let drainDeadline = TimeAmount.seconds(3)

    let bridge: BridgeContext
    let group: MultiThreadedEventLoopGroup

    func run() async throws {
        let configuration = bridge.configuration
        let connections = ConnectionTracker()
        let channel: any Channel
        do {
            channel = try await HTTPServer(bridge: bridge, group: group, connections: connections).bind()
        } catch {
            throw ConfigurationError(variable: SettingKey.port.variable,
                                     problem: "cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        bridge.logger.info("bridge listening", metadata: ["address": "\(configuration.host):\(port)", "node": "\(configuration.nodeId)",
                                                          "redis": "\(configuration.redis)", "version": "\(BridgeVersion.current)"])
        try? await gracefulShutdown()
        bridge.logger.info("shutting down: closing sessions with 4200")
        try? await channel.close()
        for loopHub in bridge.hub.loops {
            loopHub.eventLoop.execute { loopHub.endAll(.serverShutdown) }
        }
        try? await connections.drained(on: channel.eventLoop, deadline: Self.drainDeadline).get()
    }
}
