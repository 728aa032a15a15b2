/// The members one connection believes are in the channel: one bit per user index, so that a
/// member announced twice, or never, shows.
struct MemberSet {
    enum Insertion { case added, duplicate, outOfRange }

    private var words: [UInt64]
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    mutating func insert(_ index: Int) -> Insertion {
        guard index >= 0, index < capacity else { return .outOfRange }
        let bit = UInt64(1) << UInt64(index & 63)
        if words[index >> 6] & bit != 0 { return .duplicate }
        words[index >> 6] |= bit
        count += 1
        return .added
    }

    /// False when `index` was not a member.
    mutating func remove(_ index: Int) -> Bool {
        guard index >= 0, index < capacity else { return false }
        let bit = UInt64(1) << UInt64(index & 63)
        guard words[index >> 6] & bit != 0 else { return false }
        words[index >> 6] &= ~bit
        count -= 1
        return true
    }

    func contains(_ index: Int) -> Bool {
        index >= 0 && index < capacity && words[index >> 6] & (UInt64(1) << UInt64(index & 63)) != 0
    }
}
