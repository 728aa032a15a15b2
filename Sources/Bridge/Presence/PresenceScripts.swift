/// The Lua scripts that keep presence members in Redis (docs/architecture.md#presence), each one
/// atomic, so counting a user's connections and announcing the first and last of them never race
/// between nodes. Keys hang off a base, `<stream>:presence:`:
///
/// - `members:<channel>` hash user id → user_info JSON: the members (HLEN is the user count);
/// - `counts:<channel>` hash user id → that user's connections on the channel, on every node;
/// - `node:<node>` hash `<socket id>\n<channel>` → user id: what one node holds, swept whole
///   when the node dies;
/// - `nodes` set of nodes holding members, `alive:<node>` a node's liveness (with a TTL),
///   `channels` set of presence channels with members.
///
/// `member_added` / `member_removed` are appended to the shared log by the same script that
/// changes the members, as Pusher HTTP API events are (`o = http`), so every node delivers them
/// in log order. Every script takes KEYS[1] = the log, ARGV[1] = the base, ARGV[2] = the log's
/// MAXLEN; keys of channels and nodes are built from the base (one Redis, not Redis Cluster).
enum PresenceScripts {
    /// `removed(channel, user)`: one connection of `user` left `channel`; the last one removes
    /// the member and appends `member_removed`. Answers 1 when the member was removed.
    private static let prelude = """
        local stream, base, maxlen = KEYS[1], ARGV[1], ARGV[2]
        local function removed(channel, user)
          local counts = base .. 'counts:' .. channel
          if redis.call('HINCRBY', counts, user, -1) > 0 then return 0 end
          redis.call('HDEL', counts, user)
          local members = base .. 'members:' .. channel
          redis.call('HDEL', members, user)
          if redis.call('HLEN', members) == 0 then redis.call('SREM', base .. 'channels', channel) end
          local data = '{"user_id":' .. cjson.encode(user) .. '}'
          local envelope = '{"pusher_event":{"name":"pusher_internal:member_removed","channels":[' ..
            cjson.encode(channel) .. '],"data":' .. cjson.encode(data) .. '}}'
          redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', 'm', envelope, 'o', 'http')
          return 1
        end

        """

    /// ARGV[3] node, [4] `<socket>\n<channel>`, [5] channel, [6] user id, [7] user_info JSON,
    /// [8] most members, [9] the `member_added` envelope. Answers `{'full'}`, or `{'ok', id,
    /// members}`: `id` the log position the members are as of (the `member_added` entry when this
    /// connection is its user's first, else the log's newest entry) and `members` HGETALL.
    static let join = LuaScript(prelude + """
        local held, members = base .. 'node:' .. ARGV[3], base .. 'members:' .. ARGV[5]
        local function newest()
          local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
          if last[1] then return last[1][1] end
          return '0-0'
        end
        if redis.call('HEXISTS', held, ARGV[4]) == 1 then
          return {'ok', newest(), redis.call('HGETALL', members)}
        end
        local counts = base .. 'counts:' .. ARGV[5]
        local count = tonumber(redis.call('HGET', counts, ARGV[6]) or '0')
        if count <= 0 and redis.call('HLEN', members) >= tonumber(ARGV[8]) then return {'full'} end
        redis.call('HSET', held, ARGV[4], ARGV[6])
        redis.call('SADD', base .. 'nodes', ARGV[3])
        redis.call('HSET', counts, ARGV[6], math.max(count, 0) + 1)
        local id
        if count <= 0 then
          redis.call('HSET', members, ARGV[6], ARGV[7])
          redis.call('SADD', base .. 'channels', ARGV[5])
          id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', 'm', ARGV[9], 'o', 'http')
        else
          id = newest()
        end
        return {'ok', id, redis.call('HGETALL', members)}
        """)

    /// ARGV[3] node, [4] `<socket>\n<channel>`, [5] channel. Nothing when the node does not
    /// hold that connection (left already, or swept). Answers 1 when the member was removed.
    static let leave = LuaScript(prelude + """
        local held = base .. 'node:' .. ARGV[3]
        local user = redis.call('HGET', held, ARGV[4])
        if not user then return 0 end
        redis.call('HDEL', held, ARGV[4])
        if redis.call('HLEN', held) == 0 then redis.call('SREM', base .. 'nodes', ARGV[3]) end
        return removed(ARGV[5], user)
        """)

    /// ARGV[3] this node, [4] `own` (remove what this node held before it started: a restart with
    /// the same `BRIDGE_NODE_ID`) or `dead` (remove what every other node whose `alive:` key has
    /// expired held). Answers how many members were removed.
    static let sweep = LuaScript(prelude + """
        local swept, nodes = 0, base .. 'nodes'
        for _, node in ipairs(redis.call('SMEMBERS', nodes)) do
          local gone
          if ARGV[4] == 'own' then
            gone = node == ARGV[3]
          else
            gone = node ~= ARGV[3] and redis.call('EXISTS', base .. 'alive:' .. node) == 0
          end
          if gone then
            local held = base .. 'node:' .. node
            local entries = redis.call('HGETALL', held)
            for i = 1, #entries, 2 do
              local channel = string.match(entries[i], '\\n(.*)$')
              if channel then swept = swept + removed(channel, entries[i + 1]) end
            end
            redis.call('DEL', held)
            redis.call('SREM', nodes, node)
          end
        end
        return swept
        """)

    /// ARGV[3] the most channels to answer. Answers `{total, channel, users, channel, users…}`:
    /// the presence channels with members and their user counts, for `/status`.
    static let userCounts = LuaScript(prelude + """
        local channels = redis.call('SMEMBERS', base .. 'channels')
        local answer = {#channels}
        for i = 1, math.min(#channels, tonumber(ARGV[3])) do
          table.insert(answer, channels[i])
          table.insert(answer, redis.call('HLEN', base .. 'members:' .. channels[i]))
        end
        return answer
        """)
}
