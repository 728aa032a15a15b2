#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>

/// Reads one reply into `*reply`; Swift cannot name `void **` out-parameters comfortably.
static inline int chiredis_get_reply(redisContext *context, redisReply **reply) {
    return redisGetReply(context, (void **)reply);
}

static inline redisReply *chiredis_command_argv(redisContext *context, int argc, const char **argv, const size_t *lengths) {
    return (redisReply *)redisCommandArgv(context, argc, argv, lengths);
}
#endif
