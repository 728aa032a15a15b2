/// A redis-server and the bridges a test starts on it (several nodes, restarts), all stopped
/// when the test body ends, whether it returns or throws.
final class BridgeCluster {
    let redis: RedisServer
    private(set) var bridges: [BridgeProcess] = []

    private init(redis: RedisServer) {
        self.redis = redis
    }

    /// Runs `body` with a fresh redis-server; every bridge it starts through `start` is stopped after.
    static func run(_ body: (BridgeCluster) async throws -> Void) async throws {
        let cluster = BridgeCluster(redis: try await RedisServer.start())
        do {
            try await body(cluster)
        } catch {
            await cluster.stopAll()
            throw error
        }
        await cluster.stopAll()
    }

    /// Starts one more bridge on this cluster's Redis and waits until it is ready.
    @discardableResult
    func start(flags: [String] = [], environment: [String: String]) async throws -> BridgeProcess {
        let bridge = try await BridgeProcess.start(flags: flags, environment: environment, waitForReady: true)
        bridges.append(bridge)
        return bridge
    }

    private func stopAll() async {
        for bridge in bridges { await bridge.stop() }
        await redis.stop()
    }
}
