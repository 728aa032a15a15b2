/// One redis-server and one bridge subscribed to it: what a suite of tests talks to.
final class Stack: Sendable {
    /// The stack of the running suite (set by the `.stack(…)` trait).
    @TaskLocal static var current: Stack?

    let redis: RedisServer
    let bridge: BridgeProcess
    let configuration: BridgeConfiguration
    let tokens: TokenFactory

    var port: Int { bridge.port }

    private init(redis: RedisServer, bridge: BridgeProcess, configuration: BridgeConfiguration) {
        self.redis = redis
        self.bridge = bridge
        self.configuration = configuration
        self.tokens = TokenFactory(secret: configuration.secret)
    }

    static func start(_ configuration: BridgeConfiguration) async throws -> Stack {
        let redis = try await RedisServer.start(password: configuration.redisPassword)
        do {
            let bridge = try await BridgeProcess.start(
                flags: configuration.flags,
                environment: configuration.environment(redisURL: redis.url),
                waitForReady: configuration.waitForReady)
            return Stack(redis: redis, bridge: bridge, configuration: configuration)
        } catch {
            await redis.stop()
            throw error
        }
    }

    func stop() async {
        await bridge.stop()
        await redis.stop()
    }

    /// The running suite's stack; throws when a test runs outside a `.stack(…)` suite.
    static func require() throws -> Stack {
        guard let stack = current else { throw SupportError("no stack: add .stack() to the suite") }
        return stack
    }

    /// Starts a stack for `body` alone (tests that restart or kill things) and always stops it.
    static func withOwn<T: Sendable>(
        _ configuration: BridgeConfiguration = .standard,
        _ body: (Stack) async throws -> T
    ) async throws -> T {
        let stack = try await start(configuration)
        do {
            let result = try await body(stack)
            await stack.stop()
            return result
        } catch {
            await stack.stop()
            throw error
        }
    }
}
