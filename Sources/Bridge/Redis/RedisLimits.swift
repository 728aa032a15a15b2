import NIOCore

/// Every bound of a Redis connection in one place.
struct RedisLimits: Sendable {
    /// How long connecting (TCP, AUTH, SELECT, SUBSCRIBE) may take.
    var connectTimeout = TimeAmount.seconds(2)
    /// How long a command may wait for its reply before the connection is given up.
    var commandTimeout = TimeAmount.seconds(5)
    /// Commands sent and not yet answered.
    var maxPendingCommands = 1024
    /// Bytes read and not yet parsed into a complete reply: the largest reply accepted.
    /// Payloads over 1 MiB are refused by the decoder, so this only stops a runaway reply.
    var maxBufferedBytes = 32 * 1_048_576
    /// Most pub/sub messages, and their bytes, handed to the sink in one batch (one hub dispatch).
    var maxBatch = 512
    var maxBatchBytes = 4 * 1_048_576
}
