import Testing

/// docs/protocol.md#frames: the bridge pings and closes a socket that never answers with 4201, here with
/// `--ping-interval 1 --idle-timeout 3` to keep it short; and WEBSOCKET_TIMEOUT as a flag.
@Suite("Short timings: no pong (4201), auth timeout", .serialized,
       .stack(.standard.with { $0.flags = ["--ping-interval", "1", "--idle-timeout", "3", "--auth-timeout", "2"] }))
struct PingTimeoutTests {
    @Test("an unauthenticated socket is closed with 4001 after --auth-timeout (2 s)")
    func authTimeoutFollowsSetting() async throws {
        let stack = try Stack.require()
        let opened = ContinuousClock.now
        let client = try await stack.bareSocket()
        defer { client.close() }
        #expect(try await client.closeCode(timeout: .seconds(6)) == 4001)
        let elapsed = ContinuousClock.now - opened
        #expect(elapsed > .seconds(1.5) && elapsed < .seconds(4), "closed after \(elapsed.seconds) s")
    }

    @Test("a client that never answers pings is closed with 4201 after the idle timeout")
    func silentClientIsClosed() async throws {
        let stack = try Stack.require()
        let opened = ContinuousClock.now
        let silent = try await stack.session("5", options: WSClient.Options(answerPings: false))
        defer { silent.close() }
        let code = try await silent.client.closeCode(timeout: .seconds(10))
        let elapsed = ContinuousClock.now - opened
        #expect(code == 4201)
        #expect(silent.client.inbox.pingCount >= 1, "the bridge should have pinged")
        #expect(elapsed >= .seconds(2.5), "closed after \(elapsed.seconds) s, before the 3 s idle timeout")
    }

    @Test("a client that answers pings stays open past the idle timeout and keeps receiving")
    func answeringClientStays() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("5")
        defer { session.close() }
        try await Task.sleep(for: .seconds(5))
        #expect(session.client.inbox.receivedCloseCode == nil && !session.client.inbox.isDisconnected)
        #expect(session.client.inbox.pingCount >= 3, "pings every second: saw \(session.client.inbox.pingCount)")
        try await Routing(stack: stack).expect("none", reaches: [], notReaches: [session])
    }
}

/// With default timings (ping 25 s, idle 60 s) a silent socket is not closed before 50 s.
/// Takes about 52 s, in parallel with the other suites.
@Suite("No pong, default timings", .stack())
struct DefaultPingTimeoutTests {
    @Test("a silent client is not closed within 50 s", .timeLimit(.minutes(2)))
    func notClosedBefore50Seconds() async throws {
        let stack = try Stack.require()
        let token = try await stack.tokens.token(user: "5", ttl: 600)
        let silent = try await WSClient.connect(
            port: stack.port, path: "/ws?token=\(token)", options: WSClient.Options(answerPings: false))
        defer { silent.close() }
        try await Task.sleep(for: .seconds(51))
        #expect(silent.inbox.receivedCloseCode == nil && !silent.inbox.isDisconnected,
                "closed early with \(silent.inbox.receivedCloseCode.map(String.init) ?? "no close frame")")
        #expect(silent.inbox.pingCount >= 1, "the bridge pings every 25 s: no ping in 51 s")
    }
}
