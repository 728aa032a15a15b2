import CHiredis

/// What a subscribed connection receives: a published message, or the confirmation of a
/// SUBSCRIBE/PSUBSCRIBE with the connection's subscription count after it.
enum RedisPush {
    case message(PublishedPayload)
    case confirmed(subscriptions: Int)
    case other(RedisReply)

    /// Reads the push straight from hiredis' reply, without building a `RedisReply` for messages.
    init(_ reply: redisReply) {
        guard reply.type == REDIS_REPLY_ARRAY, reply.elements >= 3, let elements = reply.element,
              let kind = elements[0].map({ RedisReply.text($0.pointee) }) else {
            self = .other(RedisReply(reply))
            return
        }
        switch (kind, Int(reply.elements)) {
        case ("message", 3):
            if let channel = elements[1], let payload = elements[2], payload.pointee.type == REDIS_REPLY_STRING {
                self = .message(PublishedPayload(channel: RedisReply.text(channel.pointee), bytes: RedisReply.bytes(payload.pointee)))
                return
            }
        case ("pmessage", 4):
            if let pattern = elements[1], let channel = elements[2], let payload = elements[3], payload.pointee.type == REDIS_REPLY_STRING {
                self = .message(PublishedPayload(channel: RedisReply.text(channel.pointee), pattern: RedisReply.text(pattern.pointee),
                                                 bytes: RedisReply.bytes(payload.pointee)))
                return
            }
        case ("subscribe", 3), ("psubscribe", 3):
            if let count = elements[2], count.pointee.type == REDIS_REPLY_INTEGER {
                self = .confirmed(subscriptions: Int(count.pointee.integer))
                return
            }
        default:
            break
        }
        self = .other(RedisReply(reply))
    }
}
