/// An event id, the log's `<ms>-<n>`, taken apart to check ordering and to build ids the log
/// never gave (future, pre-upgrade).
struct EventID: Comparable, CustomStringConvertible {
    let milliseconds: UInt64
    let sequence: UInt64

    init(milliseconds: UInt64, sequence: UInt64) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    init?(_ text: String?) {
        guard let text, let dash = text.firstIndex(of: "-"), let milliseconds = UInt64(text[..<dash]),
              let sequence = UInt64(text[text.index(after: dash)...]) else { return nil }
        self.init(milliseconds: milliseconds, sequence: sequence)
    }

    var description: String { "\(milliseconds)-\(sequence)" }

    /// An id 1000 s after this one: the log has not given it yet.
    var future: EventID { EventID(milliseconds: milliseconds + 1_000_000, sequence: sequence) }
    /// An id of the previous release (`<epoch>-<seq>`, epoch the start time): never in the log.
    var preUpgrade: EventID { EventID(milliseconds: milliseconds - 5_000, sequence: 7) }

    static func < (lhs: EventID, rhs: EventID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }
}
