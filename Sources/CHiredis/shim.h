#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

/// Takes the next complete reply out of `reader` into `*reply` (NULL when none is complete yet);
/// Swift cannot name `void **` out-parameters comfortably.
static inline int chiredis_reader_get_reply(redisReader *reader, redisReply **reply) {
    return redisReaderGetReply(reader, (void **)reply);
}

/// Bytes fed to `reader` that no complete reply has consumed yet.
static inline size_t chiredis_reader_pending(const redisReader *reader) {
    return reader->len - reader->pos;
}
#endif
