import NIOCore

/// This node's side of ``AppendOnceScript``: per copy of a publication (its subscription and
/// payload, hashed alike on every node), the id of the entry it last claimed and how many of its
/// claims are still in flight. Bounded: copies not seen for ``forgetAfter`` are forgotten (their
/// copy lists in Redis are gone by then), and at most ``remembered`` are kept.
struct CopyCursors {
    /// How long a copy list lives in Redis after its last entry.
    static let listLifetime = TimeAmount.seconds(60)
    static let forgetAfter = TimeAmount.seconds(120)
    static let remembered = 100_000

    /// One copy as the script takes it.
    struct Claim: Equatable {
        let list: String
        let cursor: StreamID
        let skip: Int
    }

    private struct Cursor {
        var claimed: StreamID
        var inFlight: Int
        var seen: NIODeadline
    }

    let listPrefix: String
    private var cursors: [UInt64: Cursor] = [:]
    private var joined = StreamID.zero
    private var lastPrune = NIODeadline.uptimeNanoseconds(0)

    /// Copy lists are `<listPrefix><hash>`.
    init(listPrefix: String) {
        self.listPrefix = listPrefix
    }

    /// This node is about to (re)subscribe; `redisTime` is Redis' clock (ms) before the SUBSCRIBE:
    /// a publication it receives was logged (by any node) after that, never before.
    mutating func subscribed(atMilliseconds redisTime: UInt64) {
        joined = StreamID(milliseconds: redisTime > 0 ? redisTime - 1 : 0, sequence: UInt64.max)
    }

    /// The claim for a copy received now; counts it as in flight until ``settle(_:with:)``.
    mutating func claim(_ copy: PublishedPayload, now: NIODeadline = .now()) -> Claim {
        prune(now: now)
        let hash = Self.fnv1a(Array(copy.subscription.utf8) + [0xff] + copy.bytes)
        var cursor = cursors[hash] ?? Cursor(claimed: joined, inFlight: 0, seen: now)
        let claim = Claim(list: listPrefix + String(hash, radix: 16), cursor: cursor.claimed, skip: cursor.inFlight)
        cursor.inFlight += 1
        cursor.seen = now
        cursors[hash] = cursor
        return claim
    }

    /// The script answered `id` for `copy` (claimed or appended).
    mutating func settle(_ copy: PublishedPayload, with id: StreamID) {
        let hash = Self.fnv1a(Array(copy.subscription.utf8) + [0xff] + copy.bytes)
        guard var cursor = cursors[hash] else { return }
        cursor.claimed = max(cursor.claimed, id)
        cursor.inFlight = max(0, cursor.inFlight - 1)
        cursors[hash] = cursor
    }

    /// The offers in flight failed (the connection is gone): none of them claimed anything.
    mutating func abandonInFlight() {
        for key in cursors.keys { cursors[key]?.inFlight = 0 }
    }

    private mutating func prune(now: NIODeadline) {
        guard now - lastPrune > .seconds(1) || cursors.count > Self.remembered else { return }
        lastPrune = now
        cursors = cursors.filter { now - $0.value.seen <= Self.forgetAfter || $0.value.inFlight > 0 }
        if cursors.count > Self.remembered {
            let newest = cursors.sorted { $0.value.seen > $1.value.seen }.prefix(Self.remembered / 2)
            cursors = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
