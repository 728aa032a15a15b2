import NIOCore

extension RedisSubscriber {
    /// The subscriber of `bridge`'s channels, feeding its hub through a `RedisIngest`.
    init(bridge: BridgeContext, eventLoop: any EventLoop) {
        let configuration = bridge.configuration
        self.init(endpoint: configuration.redis, channels: configuration.channels, prefix: configuration.redisPrefix,
                  eventLoop: eventLoop, sink: RedisIngest(bridge: bridge), logger: bridge.logger)
    }
}

extension LogReader {
    /// The reader of `bridge`'s shared log, feeding its hub through a `LogIngest`.
    init(bridge: BridgeContext, eventLoop: any EventLoop) {
        let configuration = bridge.configuration
        self.init(endpoint: configuration.redis, key: configuration.streamKey, capacity: configuration.historyCapacity,
                  byteCapacity: configuration.historyBytes, eventLoop: eventLoop,
                  sink: LogIngest(bridge: bridge, blocks: BlockStore(endpoint: configuration.redis, logKey: configuration.streamKey,
                                                                     eventLoop: bridge.redisLoop, logger: bridge.logger)),
                  logger: bridge.logger)
    }
}

extension ClusterReporter {
    /// The reporter of `bridge`'s figures into its `ClusterView`.
    init(bridge: BridgeContext, eventLoop: any EventLoop) {
        self.init(endpoint: bridge.configuration.redis, eventLoop: eventLoop, figures: BridgeClusterFigures(bridge: bridge))
    }
}
