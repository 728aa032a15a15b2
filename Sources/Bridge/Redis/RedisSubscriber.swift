import Logging
import NIOCore
import ServiceLifecycle

/// Subscribes to `BRIDGE_CHANNELS` on one event loop, hands each read's messages to the sink as
/// one batch, and reconnects and resubscribes with back-off until shutdown.
struct RedisSubscriber: Service {
    private let endpoint: RedisEndpoint
    private let plan: SubscriptionPlan
    private let eventLoop: any EventLoop
    private let sink: any RedisSubscriptionSink
    private let logger: Logger
    private let limits: RedisLimits

    init(endpoint: RedisEndpoint, channels: [String], prefix: String, eventLoop: any EventLoop,
         sink: any RedisSubscriptionSink, logger: Logger, limits: RedisLimits = RedisLimits()) {
        self.endpoint = endpoint
        self.plan = SubscriptionPlan(entries: channels, prefix: prefix)
        self.eventLoop = eventLoop
        self.sink = sink
        self.logger = logger
        self.limits = limits
    }

    /// Holds the subscription until graceful shutdown or cancellation.
    func run() async {
        await ConnectionSlot.serve { slot in await self.subscribeUntilStopped(slot) }
        sink.disconnected(because: "shutting down")
    }

    private func subscribeUntilStopped(_ slot: ConnectionSlot) async {
        var everSubscribed = false
        await slot.retrying(on: eventLoop, logger: logger, warning: "Redis unavailable",
                            failed: { sink.disconnected(because: $0) }) { backoff in
            let connection = try await subscribe(isReconnect: everSubscribed)
            guard slot.adopt(connection) else { return }
            logger.info("subscribed to Redis", metadata: ["redis": "\(endpoint)", "channels": "\(plan.channels + plan.patterns)"])
            everSubscribed = true
            backoff.reset()
            throw try await connection.ended.get()
        }
    }

    /// A connection with every channel and pattern confirmed (bounded by the connect timeout).
    private func subscribe(isReconnect: Bool) async throws(RedisError) -> RedisConnection {
        await sink.willSubscribe()
        let complete = eventLoop.makePromise(of: Void.self)
        let watch = SubscriptionWatch(expected: plan.count, isReconnect: isReconnect, complete: complete, sink: sink)
        let connection: RedisConnection
        do {
            connection = try await RedisConnection.connect(to: endpoint, on: eventLoop, limits: limits, pushes: watch)
        } catch {
            complete.fail(error)
            throw error
        }
        connection.ended.whenSuccess { complete.fail($0) }
        let timeout = eventLoop.scheduleTask(in: limits.connectTimeout) {
            complete.fail(RedisError("Redis did not confirm the subscriptions in time"))
        }
        if !plan.channels.isEmpty { connection.subscribe(RedisCommand(["SUBSCRIBE"] + plan.channels)) }
        if !plan.patterns.isEmpty { connection.subscribe(RedisCommand(["PSUBSCRIBE"] + plan.patterns)) }
        do {
            try await complete.futureResult.get()
            timeout.cancel()
            return connection
        } catch {
            timeout.cancel()
            connection.close()
            throw (error as? RedisError) ?? RedisError("\(error)")
        }
    }
}
