import Foundation
import Testing

/// docs/protocol.md#http: SIGTERM/SIGINT close every session with 4200 and the process exits within 5 s.
@Suite("Shutdown (4200)")
struct ShutdownTests {
    @Test("on a stop signal every session gets 4200 and the bridge exits 0 within 5 s",
          arguments: [SIGTERM, SIGINT])
    func stopSignal(signal: Int32) async throws {
        try await Stack.withOwn { stack in
            let sessions = [try await stack.session("5"), try await stack.session("5"), try await stack.session("9")]
            let sent = ContinuousClock.now
            stack.bridge.child.signal(signal)
            for session in sessions {
                #expect(try await session.client.closeCode(timeout: .seconds(6)) == 4200)
            }
            let status = await stack.bridge.child.waitForExit(timeout: .seconds(6))
            let elapsed = ContinuousClock.now - sent
            #expect(status == 0, "exit status after signal \(signal): \(status.map(String.init) ?? "still running")")
            #expect(elapsed < .seconds(5), "exited \(elapsed.seconds) s after the signal")
        }
    }

    @Test("a client that stopped reading does not hold up the exit")
    func stuckClientDoesNotDelayExit() async throws {
        let configuration = BridgeConfiguration.standard.with { $0.flags = ["--max-queue", "67108864"] }
        try await Stack.withOwn(configuration) { stack in
            let stuck = try await stack.session("5", options: WSClient.Options(receiveBuffer: 4096))
            defer { stuck.close() }
            try await stuck.client.stopReading()
            let padding = String(repeating: "x", count: 64 * 1024)
            for _ in 0..<40 {
                try await stack.broadcast(Envelope.notification(userIDs: [5]).replacingTitle(padding))
            }
            let sent = ContinuousClock.now
            stack.bridge.child.signal(SIGTERM)
            let status = await stack.bridge.child.waitForExit(timeout: .seconds(8))
            let elapsed = ContinuousClock.now - sent
            #expect(status != nil, "still running 8 s after SIGTERM with a stuck client")
            #expect(elapsed < .seconds(5), "exited \(elapsed.seconds) s after SIGTERM")
        }
    }
}
