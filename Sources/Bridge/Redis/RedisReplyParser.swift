import CHiredis
import NIOCore

/// hiredis' RESP reader behind a Swift face: bytes in as they arrive (any split), complete
/// replies out. Bounded by `maxBufferedBytes` of input not yet parsed.
///
/// Not thread-safe: owned by one channel handler, used on its event loop only.
final class RedisReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>
    private let maxBufferedBytes: Int

    init(maxBufferedBytes: Int) throws(RedisError) {
        guard let reader = redisReaderCreate() else { throw RedisError("cannot allocate a RESP reader") }
        self.reader = reader
        self.maxBufferedBytes = maxBufferedBytes
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Bytes fed and not yet part of a complete reply.
    var pendingBytes: Int { chiredis_reader_pending(reader) }

    /// Adds received bytes; throws when they would exceed the bound.
    func feed(_ buffer: ByteBuffer) throws(RedisError) {
        guard pendingBytes + buffer.readableBytes <= maxBufferedBytes else {
            throw RedisError("a Redis reply is larger than \(maxBufferedBytes) bytes")
        }
        let status = buffer.withUnsafeReadableBytes { bytes in
            redisReaderFeed(reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == REDIS_OK else { throw RedisError("RESP reader: \(errorText)") }
    }

    /// Hands the next complete reply to `body` (its memory lives only during the call); nil when
    /// the bytes fed so far hold no complete reply.
    func next<T>(_ body: (redisReply) -> T) throws(RedisError) -> T? {
        var reply: UnsafeMutablePointer<redisReply>?
        guard chiredis_reader_get_reply(reader, &reply) == REDIS_OK else {
            throw RedisError("protocol error: \(errorText)")
        }
        guard let reply else { return nil }
        defer { freeReplyObject(reply) }
        return body(reply.pointee)
    }

    /// The next complete reply, copied; nil when none is complete yet.
    func nextReply() throws(RedisError) -> RedisReply? {
        try next(RedisReply.init)
    }

    private var errorText: String {
        withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
