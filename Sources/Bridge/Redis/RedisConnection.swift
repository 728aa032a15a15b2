import CHiredis
import Foundation

/// A blocking hiredis connection, used only from the thread that owns it.
final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>

    /// The socket, so another thread can `shutdown` it to unblock a read.
    var fileDescriptor: Int32 { context.pointee.fd }

    /// Connects (bounded by `timeout`), authenticates and selects the database.
    init(endpoint: RedisEndpoint, timeout: TimeInterval = 2) throws(RedisError) {
        let seconds = Int(timeout)
        let micros = Int((timeout - Double(seconds)) * 1_000_000)
        guard let context = redisConnectWithTimeout(endpoint.host, Int32(endpoint.port), timeval(tv_sec: seconds, tv_usec: micros)) else {
            throw RedisError("cannot allocate a Redis context")
        }
        self.context = context
        if context.pointee.err != 0 {
            // deinit frees the context: a class whose init throws after storing every property is deinitialised.
            let message = Self.errorText(context)
            throw RedisError("cannot connect to \(endpoint): \(message)")
        }
        _ = redisEnableKeepAlive(context)
        if let password = endpoint.password {
            try expectOK(command(["AUTH", password]), what: "AUTH")
        }
        if endpoint.database != 0 {
            try expectOK(command(["SELECT", String(endpoint.database)]), what: "SELECT")
        }
    }

    deinit {
        redisFree(context)
    }

    /// Sends one command and waits for its reply.
    func command(_ arguments: [String]) throws(RedisError) -> RedisReply {
        try append(arguments)
        return try readReply()
    }

    /// Queues one command without waiting (pipelining).
    func append(_ arguments: [String]) throws(RedisError) {
        let bytes = arguments.map { Array($0.utf8) }
        let status = withPointers(to: bytes) { pointers, lengths in
            redisAppendCommandArgv(context, Int32(bytes.count), pointers, lengths)
        }
        guard status == REDIS_OK else { throw RedisError("cannot send \(arguments.first ?? ""): \(Self.errorText(context))") }
    }

    /// Blocks until the next reply arrives or the connection fails.
    func readReply() throws(RedisError) -> RedisReply {
        var reply: UnsafeMutablePointer<redisReply>?
        guard chiredis_get_reply(context, &reply) == REDIS_OK, let reply else {
            throw RedisError("connection lost: \(Self.errorText(context))")
        }
        defer { freeReplyObject(reply) }
        return RedisReply(reply.pointee)
    }

    /// The next reply already in hiredis' buffer, without reading the socket; nil when none is
    /// complete yet.
    func bufferedReply() throws(RedisError) -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(context.pointee.reader, &raw) == REDIS_OK else {
            throw RedisError("protocol error: \(Self.errorText(context))")
        }
        guard let raw else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(reply) }
        return RedisReply(reply.pointee)
    }

    private func expectOK(_ reply: RedisReply, what: String) throws(RedisError) {
        if case .error(let message) = reply { throw RedisError("\(what) refused: \(message)") }
    }

    private func withPointers<R>(to arguments: [[UInt8]], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        var lengths = arguments.map(\.count)
        let buffers = arguments.map { bytes in
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, bytes.count))
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var pointers: [UnsafePointer<CChar>?] = buffers.map { $0.baseAddress.map { UnsafePointer($0) } }
        return pointers.withUnsafeMutableBufferPointer { pointerBuffer in
            lengths.withUnsafeMutableBufferPointer { lengthBuffer in
                guard let pointerBase = pointerBuffer.baseAddress, let lengthBase = lengthBuffer.baseAddress else {
                    preconditionFailure("a Redis command has at least one argument")
                }
                return body(pointerBase, lengthBase)
            }
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
