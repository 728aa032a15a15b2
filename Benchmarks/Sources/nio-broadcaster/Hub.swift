import NIOCore

/// The open WebSocket connections of one event loop. Only touched on that loop.
final class Hub {
    private(set) var members: [UpgradeHandler] = []

    func add(_ h: UpgradeHandler) {
        h.hubIndex = members.count
        members.append(h)
    }

    func remove(_ h: UpgradeHandler) {
        let i = h.hubIndex
        guard i >= 0, i < members.count, members[i] === h else { return }
        let last = members.removeLast()
        if i < members.count {
            members[i] = last
            last.hubIndex = i
        }
        h.hubIndex = -1
    }

    /// Writes every frame of the batch to every member, then flushes each once.
    func broadcast(_ frames: [ByteBuffer]) {
        for m in members { m.send(frames) }
    }

    /// Writes and flushes the one buffer of a joined batch to every member.
    func broadcast(joined: ByteBuffer) {
        for m in members { m.send(joined: joined) }
    }
}

/// One hub per event loop, found by the loop's identity.
struct Hubs: Sendable {
    private let byLoop: [ObjectIdentifier: NIOLoopBoundBox<Hub>]
    let loops: [any EventLoop]

    init(loops: [any EventLoop]) {
        self.loops = loops
        var map: [ObjectIdentifier: NIOLoopBoundBox<Hub>] = [:]
        for l in loops { map[ObjectIdentifier(l)] = NIOLoopBoundBox.makeBoxSendingValue(Hub(), eventLoop: l) }
        byLoop = map
    }

    func hub(for loop: any EventLoop) -> Hub { byLoop[ObjectIdentifier(loop)]!.value }

    /// Hands the batch to every loop; each writes to its own connections.
    func broadcast(_ frames: [ByteBuffer]) {
        for l in loops {
            let bound = byLoop[ObjectIdentifier(l)]!
            l.execute { bound.value.broadcast(frames) }
        }
    }

    /// Hands a joined batch (all its frames in one buffer) to every loop.
    func broadcast(joined: ByteBuffer) {
        for l in loops {
            let bound = byLoop[ObjectIdentifier(l)]!
            l.execute { bound.value.broadcast(joined: joined) }
        }
    }
}
