/// Compares, for every session, the event numbers it received with those it had to receive:
/// every confirmed event whose audience admits it (all sessions were connected before the first
/// event and resume after every drop, so "while connected or resumed over" is the whole run).
struct SoakVerifier {
    let population: SoakPopulation
    /// Index = event number.
    let events: [SoakEvent]
    /// Index = event number: the bridge accepted it (PUBLISH reached a subscriber, or 2xx).
    let confirmed: [Bool]

    /// The verdict.
    struct Outcome: Codable, Sendable {
        var sessionsChecked = 0
        var sessionsNeverConnected = 0
        var expectedDeliveries = 0
        var matched = 0
        var lost = 0
        var wrong = 0
        var duplicates = 0
        var receivedUnconfirmed = 0
        var sessionsWithLoss = 0
        var sessionsWithWrong = 0
        var lostBySessionKind: [String: Int] = [:]
        var lostByEvent: [String: Int] = [:]
        var lostByPath: [String: Int] = [:]
        var wrongByEvent: [String: Int] = [:]
        var expectedByEvent: [String: Int] = [:]
        var examples: [String] = []
    }

    func verify(_ records: [SoakSessionRecord]) -> Outcome {
        var out = Outcome()
        let n = population.sessions
        var received = [[UInt32]](repeating: [], count: n)
        var checked = [Bool](repeating: false, count: n)
        var kinds = [SoakKind](repeating: .steady, count: n)
        for r in records where r.index < n {
            kinds[r.index] = r.kind
            guard r.everConnected else { out.sessionsNeverConnected += 1; continue }
            checked[r.index] = true
            out.sessionsChecked += 1
            var list = r.received.filter { Int($0) < confirmed.count && confirmed[Int($0)] }
            out.receivedUnconfirmed += r.received.count - list.count
            list.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(list.count)
            for v in list {
                if unique.last == v { out.duplicates += 1 } else { unique.append(v) }
            }
            received[r.index] = unique
        }
        var cursor = [Int](repeating: 0, count: n)
        var lostIn = Set<Int>(), wrongIn = Set<Int>()
        let index = SoakRecipientIndex(population: population)

        func wrong(_ s: Int, _ seq: UInt32) {
            out.wrong += 1
            wrongIn.insert(s)
            let e = events[Int(seq)]
            let who = "\(population.roles(ofSession: s).label) (\(kinds[s].rawValue))"
            out.wrongByEvent["\(e.label) → \(who)", default: 0] += 1
            if out.examples.count < 40 {
                out.examples.append("wrong: session \(s) (user \(population.userID(ofSession: s)), \(who)) got #\(seq) \(e.label) via \(e.path.rawValue)")
            }
        }

        for e in events where confirmed[Int(e.seq)] {
            for s in index.recipients(of: e.audience) where checked[s] {
                out.expectedDeliveries += 1
                out.expectedByEvent[e.label, default: 0] += 1
                let list = received[s]
                var c = cursor[s]
                while c < list.count, list[c] < e.seq { wrong(s, list[c]); c += 1 }
                if c < list.count, list[c] == e.seq {
                    out.matched += 1
                    c += 1
                } else {
                    out.lost += 1
                    lostIn.insert(s)
                    out.lostBySessionKind[kinds[s].rawValue, default: 0] += 1
                    out.lostByEvent[e.label, default: 0] += 1
                    out.lostByPath[e.path.rawValue, default: 0] += 1
                    if out.examples.count < 40 {
                        out.examples.append("lost: session \(s) (user \(population.userID(ofSession: s)), \(population.roles(ofSession: s).label), \(kinds[s].rawValue)) never got #\(e.seq) \(e.label) via \(e.path.rawValue)")
                    }
                }
                cursor[s] = c
            }
        }
        for s in 0..<n where checked[s] {
            for seq in received[s][cursor[s]...] { wrong(s, seq) }
        }
        out.sessionsWithLoss = lostIn.count
        out.sessionsWithWrong = wrongIn.count
        return out
    }
}
