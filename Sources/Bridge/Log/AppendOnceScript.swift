/// The Lua script every node runs for the pub/sub input it receives, so that each publication is
/// logged once however many nodes receive it.
///
/// Every copy of a publication (one payload through one subscription) has a *copy list* in Redis,
/// `<stream>:seen:<hash>`, holding the ids of the entries logged for that copy (the newest 100, for
/// a minute after the last). Each node keeps, per copy, a *cursor*: the id of the entry it last
/// claimed for that copy (or, for a copy it has not seen yet, Redis' time just before it
/// subscribed). A node's receipt claims the first entry after its cursor that it has not claimed yet
/// (`skip` counts its own claims still in flight); when there is none, no other node has logged
/// this publication yet, and the script appends it. Every node sees the publications of a channel
/// in the same order, so the n-th receipt on each node claims the same entry: nothing is logged
/// twice, and a node that dies loses nothing the others received.
///
/// KEYS[1] is the stream, then one copy list per copy. ARGV[1] is the MAXLEN, ARGV[2] how long a
/// copy list lives after its last entry (ms), ARGV[3] the number of publications; then per
/// publication: payload, number of copies, and per copy: channel, pattern ("" for none), cursor,
/// skip. Answers, per copy in order, the id it claimed or appended.
enum AppendOnceScript {
    static let source = """
        local function parse(id)
          local ms, n = string.match(id, '^(%d+)-(%d+)$')
          return tonumber(ms or 0), tonumber(n or 0)
        end
        local function later(id, cursor)
          local a, b = parse(id)
          local c, d = parse(cursor)
          return a > c or (a == c and b > d)
        end
        local answers, k, a = {}, 2, 4
        for _ = 1, tonumber(ARGV[3]) do
          local payload, copies = ARGV[a], tonumber(ARGV[a + 1])
          a = a + 2
          local taken, channels, patterns, patterned = {}, {}, {}, false
          for _ = 1, copies do
            local channel, pattern, cursor, skip = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
            local claimed = nil
            for _, id in ipairs(redis.call('LRANGE', KEYS[k], 0, -1)) do
              if later(id, cursor) then
                if skip == 0 then claimed = id break end
                skip = skip - 1
              end
            end
            table.insert(answers, claimed or '')
            if not claimed then
              table.insert(taken, {k, #answers})
              table.insert(channels, channel)
              table.insert(patterns, pattern)
              if pattern ~= '' then patterned = true end
            end
            k, a = k + 1, a + 4
          end
          if #taken > 0 then
            local id
            if patterned then
              id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', payload, 'c', cjson.encode(channels), 'p', cjson.encode(patterns))
            else
              id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', payload, 'c', cjson.encode(channels))
            end
            for _, copy in ipairs(taken) do
              redis.call('RPUSH', KEYS[copy[1]], id)
              redis.call('LTRIM', KEYS[copy[1]], -100, -1)
              redis.call('PEXPIRE', KEYS[copy[1]], ARGV[2])
              answers[copy[2]] = id
            end
          end
        end
        return answers
        """

    /// The script, run by its SHA-1 (EVALSHA): the source is sent only when Redis lacks it.
    static let script = LuaScript(source)

    /// Appends one gap marker unless one was appended in the same second (KEYS[1] the stream,
    /// KEYS[2] that second's key; ARGV[1] the MAXLEN). Rare: sent as source.
    static let gapMarker = """
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', 10000) then
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'g', '1')
          return 1
        end
        return 0
        """
}
