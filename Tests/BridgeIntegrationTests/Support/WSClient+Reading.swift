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

    /// Waits `duration`; answers the first frame that arrived meanwhile (nil is the good case).
    func unexpectedMessage(within duration: Duration = .milliseconds(500)) async -> String? {
        await inbox.unexpectedText(within: duration)
    }

    /// The code of the server's close frame once the socket is closed (nil: closed without one).
    func closeCode(timeout: Duration = .seconds(5)) async throws -> UInt16? {
        try await inbox.closeCode(timeout: timeout)
    }
}
