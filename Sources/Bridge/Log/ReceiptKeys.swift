import NIOCore

/// Names each copy of a pub/sub publication the same on every node: a 64-bit FNV-1a hash of its
/// subscription and payload, and how many times this node has seen that receipt in a row of sightings less
/// than ``forgetAfter`` apart. A second identical publication is a new receipt (`…:2`); a node
/// that joined late numbers lower and its copy is then already taken, which is the right answer.
struct ReceiptKeys {
    /// How long a seen key lives in Redis.
    static let keyLifetime = TimeAmount.seconds(10)
    /// Sightings further apart start the count over (every earlier key has expired by then).
    static let forgetAfter = TimeAmount.seconds(12)
    /// Distinct receipts remembered at most; beyond it the oldest half is forgotten.
    static let remembered = 100_000

    private var sightings: [UInt64: (count: Int, last: NIODeadline)] = [:]
    private var lastPrune = NIODeadline.uptimeNanoseconds(0)
    let prefix: String

    /// `prefix` is the log's key; seen keys are `<prefix>:seen:<hash>:<n>`.
    init(prefix: String) {
        self.prefix = prefix
    }

    /// The seen key of a receipt arriving now.
    mutating func key(for copy: PublishedPayload, now: NIODeadline = .now()) -> String {
        prune(now: now)
        let hash = Self.fnv1a(Array(copy.subscription.utf8) + [0xff] + copy.bytes)
        var sighting = sightings[hash] ?? (0, now)
        if now - sighting.last > Self.forgetAfter { sighting.count = 0 }
        sighting.count += 1
        sighting.last = now
        sightings[hash] = sighting
        return "\(prefix):seen:\(String(hash, radix: 16)):\(sighting.count)"
    }

    /// The seen key of a gap marker: one per wall-clock second however many nodes report the gap.
    func gapKey(unixSeconds: Int64) -> String {
        "\(prefix):seen:gap:\(unixSeconds)"
    }

    private mutating func prune(now: NIODeadline) {
        guard now - lastPrune > .seconds(1) || sightings.count > Self.remembered else { return }
        lastPrune = now
        sightings = sightings.filter { now - $0.value.last <= Self.forgetAfter }
        if sightings.count > Self.remembered {
            let newest = sightings.sorted { $0.value.last > $1.value.last }.prefix(Self.remembered / 2)
            sightings = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
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
