/// How one event reached the bridge.
enum SoakPath: String, Sendable, Codable, CaseIterable {
    /// Redis `PUBLISH ict.events` of a listener envelope (`type`, `data`, `audience`).
    case redisListener = "redis-listener"
    /// Redis `PUBLISH ict.events` of Laravel's broadcaster envelope (`event`, `data`, `socket`).
    case redisLaravel = "redis-laravel"
    /// `POST /broadcast` of one listener envelope.
    case http
    /// `POST /broadcast` of `{"messages":[…]}` with several envelopes.
    case httpBatch = "http-batch"
}

/// One event the soak published: its number (`data.soak_seq`), what it is, and who must get it.
struct SoakEvent: Sendable {
    let seq: UInt32
    /// The type plus its variant, e.g. `ticket_comment_created (internal)`: the unit of the report.
    let label: String
    var path: SoakPath
    let audience: SoakAudience
}

/// A small, fast, seedable generator (SplitMix64) for reproducible event mixes and timings.
struct SoakRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func seconds(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}
