import Testing

extension Hardening {
    /// BRIDGE_HTTP_HEADER_TIMEOUT and BRIDGE_HTTP_IDLE_TIMEOUT (2 s here): a connection that does not
    /// finish its request head in time, or idles after a complete request, is closed by the bridge;
    /// a WebSocket session is not an idle HTTP connection.
    @Suite("Hardening: HTTP timeouts", .serialized,
           .stack(.standard.with { $0.flags = ["--http-header-timeout", "2", "--http-idle-timeout", "2"] }))
    struct HTTPTimeoutTests {
        /// What a slow client sends before going quiet.
        struct Partial: Sendable, CustomTestStringConvertible {
            let name: String
            let bytes: String
            var testDescription: String { name }

            static let all = [
                Partial(name: "nothing", bytes: ""),
                Partial(name: "half a request line", bytes: "GET /hea"),
                Partial(name: "request line, no end of headers", bytes: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
                Partial(name: "half a WebSocket upgrade", bytes: "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"),
            ]
        }

        @Test("an unfinished request head is closed after the header timeout", arguments: Partial.all)
        func headerTimeout(partial: Partial) async throws {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            if !partial.bytes.isEmpty { try await socket.send(partial.bytes) }
            let closedAfter = await socket.waitForPeerClose(within: .seconds(6))
            #expect(closedAfter != nil, "still open 6 s after sending \(partial.name)")
            if let closedAfter { #expect(closedAfter >= .seconds(1), "closed too early: \(closedAfter)") }
        }

        @Test("a header trickled a byte every 300 ms is still closed by the header timeout")
        func trickleDoesNotExtend() async throws {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            let started = ContinuousClock.now
            for byte in "GET /health HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
                socket.pump()
                if socket.peerClosed || ContinuousClock.now - started > .seconds(7) { break }
                guard (try? await socket.send([byte])) != nil else { break }
                try await Task.sleep(for: .milliseconds(300))
            }
            _ = await socket.waitForPeerClose(within: .milliseconds(500))
            let elapsed = started.duration(to: .now)
            #expect(socket.peerClosed && elapsed < .seconds(6), "trickling kept the connection open for \(elapsed)")
        }

        @Test("an idle keep-alive connection is closed after the idle timeout")
        func idleKeepAlive() async throws {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            try await socket.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let answered = await socket.read(until: { String(decoding: $0, as: UTF8.self).hasPrefix("HTTP/1.1 200") }, timeout: .seconds(3))
            #expect(answered, "GET /health: \(socket.text)")
            #expect(!socket.peerClosed, "a keep-alive request leaves the connection open")
            let closedAfter = await socket.waitForPeerClose(within: .seconds(6))
            #expect(closedAfter != nil, "idle keep-alive connection still open 6 s after its answer")
            if let closedAfter { #expect(closedAfter >= .seconds(1), "closed too early: \(closedAfter)") }
        }

        @Test("a malformed request gets 400 and is then closed")
        func garbage() async throws {
            let socket = try RawSocket(port: try Stack.require().port)
            defer { socket.close() }
            try await socket.send("GARBAGE\r\n\r\n")
            let closedAfter = await socket.waitForPeerClose(within: .seconds(1.5))
            #expect(socket.text.hasPrefix("HTTP/1.1 400"), "answer: \(socket.text.prefix(200))")
            #expect(closedAfter != nil, "the connection stays open after the 400")
        }

        @Test("Content-Length 2000000 on /broadcast is answered 413 at once, without a body, and closed")
        func oversizeDeclared() async throws {
            let stack = try Stack.require()
            let socket = try RawSocket(port: stack.port)
            defer { socket.close() }
            try await socket.send(
                "POST /broadcast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer \(stack.configuration.broadcastToken ?? "")\r\nContent-Length: 2000000\r\n\r\n")
            let answered = await socket.read(until: { $0.count >= 12 }, timeout: .seconds(1.5))
            #expect(answered && socket.text.hasPrefix("HTTP/1.1 413"), "answer within 1.5 s: \(socket.text.prefix(200))")
            #expect(await socket.waitForPeerClose(within: .seconds(1.5)) != nil, "the connection stays open after the 413")
        }

        @Test("a WebSocket session silent for longer than both timeouts still receives")
        func webSocketNotIdleHTTP() async throws {
            let stack = try Stack.require()
            let session = try await stack.session("5")
            defer { session.close() }
            try await Task.sleep(for: .seconds(3))  // the very thing under test: time passing
            try await stack.broadcast(Envelope.notification(userIDs: [5]))
            #expect(try await session.next()["type"] == "system_notification_created")
            #expect(session.client.inbox.receivedCloseCode == nil)
        }
    }
}
