import Crypto
import Foundation

/// The Lua script every node runs for the pub/sub input it receives: each copy of a publication
/// (one channel, through one subscription) is taken only if no node has taken it yet, and the
/// copies taken are appended as one entry. However many nodes run, and however each happened to
/// group its reads, every copy is logged once, and a node that dies loses nothing the others got.
///
/// KEYS[1] is the stream, then one seen key per copy (see ``ReceiptKeys``). ARGV[1] is the MAXLEN,
/// ARGV[2] how long a seen key lives (ms), ARGV[3] the number of publications; then per
/// publication: payload, number of copies, and per copy: channel, pattern ("" for none). An
/// empty payload is a gap marker. Answers how many entries it appended.
enum AppendOnceScript {
    /// The SHA-1 Redis knows the script by (EVALSHA): the source is sent only when Redis lacks it.
    static let sha1: String = Insecure.SHA1.hash(data: Array(source.utf8)).map { String(format: "%02x", $0) }.joined()

    static let source = """
        local appended, k, a = 0, 2, 4
        for _ = 1, tonumber(ARGV[3]) do
          local payload, copies = ARGV[a], tonumber(ARGV[a + 1])
          a = a + 2
          local channels, patterns, patterned = {}, {}, false
          for _ = 1, copies do
            if redis.call('SET', KEYS[k], '1', 'NX', 'PX', ARGV[2]) then
              table.insert(channels, ARGV[a])
              table.insert(patterns, ARGV[a + 1])
              if ARGV[a + 1] ~= '' then patterned = true end
            end
            k, a = k + 1, a + 2
          end
          if #channels > 0 then
            if payload == '' then
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'g', '1')
            elseif patterned then
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', payload, 'c', cjson.encode(channels), 'p', cjson.encode(patterns))
            else
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', payload, 'c', cjson.encode(channels))
            end
            appended = appended + 1
          end
        end
        return appended
        """
}
