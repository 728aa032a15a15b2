/// A Redis Stream entry id, `<ms>-<n>`: the event id every node gives the same message.
struct StreamID: Comparable, Hashable, Sendable, CustomStringConvertible {
    let milliseconds: UInt64
    let sequence: UInt64

    /// The id before every entry: reading "after 0-0" reads the whole stream.
    static let zero = StreamID(milliseconds: 0, sequence: 0)

    init(milliseconds: UInt64, sequence: UInt64) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    /// Parses `<ms>-<n>` (both decimal, no sign); nil for anything else.
    init?(_ text: some StringProtocol) {
        guard text.utf8.count <= 41, let dash = text.firstIndex(of: "-"),
              let milliseconds = UInt64(text[..<dash]),
              let sequence = UInt64(text[text.index(after: dash)...]) else { return nil }
        self.init(milliseconds: milliseconds, sequence: sequence)
    }

    var description: String { "\(milliseconds)-\(sequence)" }

    static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }
}
