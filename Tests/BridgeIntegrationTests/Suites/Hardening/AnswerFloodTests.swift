import Testing

extension Hardening {
    /// A client that never reads but keeps asking for answers (`bridge:ping` frames or WebSocket
    /// pings) fills its own queue: the bridge ends it with 4100 instead of growing memory.
    @Suite("Hardening: answers to a client that never reads", .serialized,
           .stack(.standard.with { $0.flags = ["--max-queue", "65536"] }))
    struct AnswerFloodTests {
        enum Flood: String, Sendable, CaseIterable, CustomTestStringConvertible {
            case bridgePing, webSocketPing
            var testDescription: String { rawValue }

            /// A burst of requests, each answered by the bridge.
            var burst: [UInt8] {
                switch self {
                case .bridgePing: return Array(repeating: RawFrame.text(#"{"type":"bridge:ping"}"#), count: 500).flatMap(\.bytes)
                case .webSocketPing:
                    return Array(repeating: RawFrame(opcode: .ping, payload: Array(repeating: 0x70, count: 125)), count: 200).flatMap(\.bytes)
                }
            }
        }

        @Test("the flooding session is closed (4100) within a bounded time; others are served", arguments: Flood.allCases)
        func floodEndsIn4100(flood: Flood) async throws {
            let stack = try Stack.require()
            let bystander = try await stack.session("6")
            defer { bystander.close() }
            let droppedBefore = try await stack.status()["messages"]?["dropped_slow"]?.int ?? 0
            let raw = try await RawWebSocket.session(port: stack.port, token: try await stack.tokens.token(user: "5"), receiveBuffer: 4096)
            defer { raw.close() }

            let started = ContinuousClock.now
            var dropped = false
            var sendFailed = false
            // The bridge must first fill the kernel's send buffer for this socket (it grows up to
            // `tcp_wmem`'s maximum, 4 MiB here: about 80,000 pongs) before its own queue passes the
            // bound. Alone that takes a few seconds; under CI's parallel suite, with the bridge
            // sharing two cores with dozens of processes, 12 s and then 25 s were each once not
            // enough. The loop ends as soon as the session is dropped.
            while !dropped, ContinuousClock.now - started < .seconds(60) {
                for _ in 0..<10 {
                    do { try await raw.socket.send(flood.burst, timeout: .milliseconds(300)) } catch { sendFailed = true; break }
                }
                dropped = (try await stack.status()["messages"]?["dropped_slow"]?.int ?? 0) > droppedBefore
                if sendFailed && !dropped { try? await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(dropped, "dropped_slow did not grow within 60 s of flooding (send blocked: \(sendFailed))")

            // Now read everything the bridge had queued (a few hundred KiB through a 4 KiB receive
            // window, slow on a loaded machine): a 4100 close frame ends it.
            var code: UInt16?
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            while ContinuousClock.now < deadline, let frame = try? await raw.nextFrame(timeout: ContinuousClock.now.duration(to: deadline)) {
                if frame.opcode == .close { code = frame.closeCode; break }
            }
            // On a loaded machine the bridge's close grace can end before this slow reader reaches the
            // close frame; closing with the flood's bytes still unread makes the kernel send a reset,
            // which discards what the client had not read yet, close frame included. Either way the
            // session was ended as a slow consumer (dropped_slow grew) and the connection is gone.
            let reset = code == nil && raw.socket.peerClosed
            #expect(code == 4100 || reset, "close code after the flood: \(code.map(String.init) ?? "none")")
            if code == 4100 {
                try? await raw.send(RawFrame(opcode: .close, payload: [0x10, 0x04]))  // the client's half of the close handshake
                #expect(await raw.socket.waitForPeerClose(within: .seconds(5)) != nil, "the bridge closes the connection")
            }

            try await stack.broadcast(Envelope.notification(userIDs: [6]))
            #expect(try await bystander.client.next(ofType: "system_notification_created")["type"] == "system_notification_created")
        }
    }
}
