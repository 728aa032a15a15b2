/// An event id `<epoch>-<seq>` taken apart, to check ordering and build foreign ids.
struct EventID: Equatable, CustomStringConvertible {
    let epoch: String
    let seq: Int

    init(epoch: String, seq: Int) {
        self.epoch = epoch
        self.seq = seq
    }

    init?(_ text: String?) {
        guard let text, let dash = text.lastIndex(of: "-"), let seq = Int(text[text.index(after: dash)...]) else { return nil }
        self.init(epoch: String(text[..<dash]), seq: seq)
    }

    var description: String { "\(epoch)-\(seq)" }
}
