import Testing

extension WSClient {
    /// The next text frame as JSON, waiting at most `timeout`.
    func next(timeout: Duration = .seconds(5)) async throws -> JSONValue {
        try JSONValue.parse(try await inbox.nextText(timeout: timeout))
    }

    /// The next frame whose `type` is `type`, skipping others (at most `timeout` in all).
    func next(ofType type: String, timeout: Duration = .seconds(5)) async throws -> JSONValue {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var skipped: [String] = []
        while ContinuousClock.now < deadline {
            let frame = try await next(timeout: ContinuousClock.now.duration(to: deadline))
            if frame["type"]?.string == type { return frame }
            skipped.append(frame["type"]?.string ?? frame.text)
        }
        throw SupportError("no \(type) frame within \(timeout.seconds) s (skipped: \(skipped))")
    }

    /// Waits `duration` and records a test issue if any text frame arrives meanwhile. (Where
    /// possible tests prove absence with a marker instead; see `Routing`.)
    func expectNoMessage(
        for duration: Duration = .milliseconds(500), _ why: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let unexpected = await inbox.unexpectedText(within: duration)
        #expect(unexpected == nil, "unexpected frame \(why): \(unexpected ?? "")", sourceLocation: sourceLocation)
    }

    /// The code of the server's close frame once the socket is closed (nil: closed without one).
    func closeCode(timeout: Duration = .seconds(5)) async throws -> UInt16? {
        try await inbox.closeCode(timeout: timeout)
    }
}
