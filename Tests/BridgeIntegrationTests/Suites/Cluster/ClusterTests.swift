import Testing

/// Three bridge nodes on one Redis are one service with one shared log (README.md, "Configuration";
/// docs/protocol.md#ids-resume-resync): every accepted message is one entry of the Redis Stream
/// `BRIDGE_REDIS_PREFIX + BRIDGE_STREAM`, its entry id is the event id on every node, and resume,
/// polling, blocks, the per-user limit and `toOthers` hold across nodes.
///
/// Every test starts its own redis-server and three real bridge binaries (`ClusterNodes`); the
/// nested suites run one test at a time, so the loaded machine runs one cluster of this suite at once.
@Suite("A cluster of three bridges on one Redis", .serialized)
struct ClusterTests {}
