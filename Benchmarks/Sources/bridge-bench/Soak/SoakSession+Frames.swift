import NIOCore

/// How a soak session reads the bridge's frames and the ends of its connections.
extension SoakSession: FrameSession {
    func onText(_ payload: UnsafeRawBufferPointer, generation gen: Int) {
        guard gen == generation else { return }
        bytesRead &+= payload.count
        switch SoakFrame.read(payload) {
        case .event(let e, let s, let soakSeq): onEvent(epoch: e, seq: s, soakSeq: soakSeq)
        case .welcome(let id): onWelcome(id)
        case .resumed(let missed):
            guard state == .replaying else { stats.otherFrames += 1; return }
            stats.replayed += replayCount
            if missed != replayCount { stats.resumeCountMismatches += 1 }
            state = .open
        case .resync:
            stats.resyncs += 1
            if state == .replaying { state = .open }
        case .error: stats.errorsReceived += 1
        case .pong: stats.pongs += 1
        case .other: stats.otherFrames += 1
        }
    }

    func onWelcome(_ id: String) {
        stats.welcomes += 1
        if everConnected { stats.reconnects += 1 }
        everConnected = true
        sessionId = id
        if resuming {
            state = .replaying
            replayCount = 0
            stats.resumes += 1
        } else {
            state = .open
        }
        if paused { channel?.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in } }
        if let p = firstWelcome {
            firstWelcome = nil
            p.succeed(())
        }
    }

    func onEvent(epoch e: UInt64, seq s: UInt64, soakSeq: UInt32?) {
        stats.events += 1
        // Ids are the shared log's `<milliseconds>-<sequence>`: each must be after the last one.
        if epoch != 0, (e, s) <= (epoch, lastSeq) {
            stats.orderViolations += 1
        } else {
            (epoch, lastSeq) = (e, s)
        }
        guard let soakSeq else { stats.eventsWithoutSoakSeq += 1; return }
        received.append(soakSeq)
        if state == .replaying { replayCount += 1 }
        loop.note(soakSeq: soakSeq, bridgeId: e << 20 | min(s, 0xFFFFF))
        if soakSeq == loop.sentinelSeq { sentinelSeen = true }
    }

    func onServerClose(_ code: UInt16, generation gen: Int) {
        guard gen == generation else { return }
        if state != .leaving {
            closeCode = code
            stats.closeCodes[String(code), default: 0] += 1
        }
        channel?.close(promise: nil)
    }

    func onRefused(_ status: String, generation gen: Int) {
        guard gen == generation else { return }
        stats.closeCodes["refused: \(status)", default: 0] += 1
    }

    func onInactive(generation gen: Int) {
        guard gen == generation else { return }
        channel = nil
        switch state {
        case .finished, .idle, .down:
            return
        case .leaving:
            reconnect(after: rng.seconds(0.2...3))
        case .connecting, .awaitingWelcome:
            connectionFailed()
        case .open, .replaying:
            if closeCode == nil { stats.drops += 1 }
            reconnect(after: closeCode == 1009 && expectingTooLarge ? 0.5 : 1)
        }
    }
}
