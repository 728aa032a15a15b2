import Testing

extension Hardening {
    /// BRIDGE_MAX_CONNECTIONS_PER_IP (3 here): the 4th concurrent WebSocket from one address is
    /// answered 503, a slot freed by a close is usable again, and without trusted proxies an
    /// `X-Forwarded-For` header changes nothing.
    @Suite("Hardening: --max-connections-per-ip", .serialized,
           .stack(.standard.with { $0.flags = ["--max-connections-per-ip", "3"] }))
    struct ConnectionsPerIPTests {
        @Test("the 4th upgrade from 127.0.0.1 gets 503; after one closes a new one succeeds")
        func fourthRefused() async throws {
            let stack = try Stack.require()
            try await PerIPProbe(stack: stack).waitForNoSessions()
            let open = try await PerIPProbe(stack: stack).upgrades(3, headers: [])
            defer { open.forEach { $0.close() } }
            #expect(open.map(\.status) == [101, 101, 101])

            let fourth = try await PerIPProbe(stack: stack).upgrade(user: "4", headers: [])
            defer { fourth.close() }
            #expect(fourth.status == 503, "4th concurrent upgrade answered \(fourth.status): \(fourth.head)")

            open[0].close()
            let again = try await PerIPProbe(stack: stack).eventuallyUpgrades(user: "5", headers: [])
            #expect(again, "a new upgrade succeeds once one of the three closed")
        }

        @Test("X-Forwarded-For from an untrusted peer does not open more slots")
        func forwardedForIgnored() async throws {
            let stack = try Stack.require()
            try await PerIPProbe(stack: stack).waitForNoSessions()
            let probe = PerIPProbe(stack: stack)
            var open: [RawWebSocket] = []
            defer { open.forEach { $0.close() } }
            for index in 1...4 {
                open.append(try await probe.upgrade(user: "\(index)", headers: [("X-Forwarded-For", "10.9.9.\(index)")]))
            }
            #expect(open.map(\.status) == [101, 101, 101, 503], "statuses \(open.map(\.status))")
        }

        @Test("plain HTTP requests do not count against the WebSocket limit")
        func httpNotCounted() async throws {
            let stack = try Stack.require()
            try await PerIPProbe(stack: stack).waitForNoSessions()
            let open = try await PerIPProbe(stack: stack).upgrades(3, headers: [])
            defer { open.forEach { $0.close() } }
            for _ in 0..<5 { #expect(try await HTTPClient.request(port: stack.port, path: "/health").status == 200) }
        }
    }

    /// `--trusted-proxies 127.0.0.1`: the per-address count follows `X-Forwarded-For`.
    @Suite("Hardening: --max-connections-per-ip behind a trusted proxy", .serialized,
           .stack(.standard.with { $0.flags = ["--max-connections-per-ip", "3", "--trusted-proxies", "127.0.0.1"] }))
    struct TrustedProxyConnectionTests {
        @Test("four upgrades for 10.1.1.1: the 4th gets 503 while 10.1.1.2 still gets 101")
        func perForwardedClient() async throws {
            let stack = try Stack.require()
            try await PerIPProbe(stack: stack).waitForNoSessions()
            let probe = PerIPProbe(stack: stack)
            let client = [("X-Forwarded-For", "10.1.1.1")]
            let open = try await probe.upgrades(3, headers: client)
            defer { open.forEach { $0.close() } }
            #expect(open.map(\.status) == [101, 101, 101])
            let fourth = try await probe.upgrade(user: "4", headers: client)
            defer { fourth.close() }
            #expect(fourth.status == 503, "4th upgrade for 10.1.1.1 answered \(fourth.status): \(fourth.head)")
            let other = try await probe.upgrade(user: "5", headers: [("X-Forwarded-For", "10.1.1.2")])
            defer { other.close() }
            #expect(other.status == 101, "an upgrade for 10.1.1.2 answered \(other.status): \(other.head)")
            #expect(try await other.nextText()["type"] == "bridge:welcome")
        }
    }
}
