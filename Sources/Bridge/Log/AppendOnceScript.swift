/// The Lua script every node runs for the pub/sub input it receives: each receipt is appended
/// to the log only if no node has appended it yet, so however many nodes run, a publication is
/// logged once, and a node that dies loses nothing the others received.
///
/// KEYS[1] is the stream, KEYS[2…] one "seen" key per receipt (see ``ReceiptKeys``); ARGV[1] is
/// the MAXLEN, ARGV[2] how long a seen key lives (ms), then per publication: payload, channels
/// (JSON array), patterns (JSON array or ""). An empty payload is a gap marker. Answers how many
/// entries it appended.
enum AppendOnceScript {
    static let source = """
        local appended = 0
        for i = 2, #KEYS do
          if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[2]) then
            local at = 3 + (i - 2) * 3
            if ARGV[at] == '' then
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'g', '1')
            elseif ARGV[at + 2] == '' then
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[at], 'c', ARGV[at + 1])
            else
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[at], 'c', ARGV[at + 1], 'p', ARGV[at + 2])
            end
            appended = appended + 1
          end
        end
        return appended
        """
}
