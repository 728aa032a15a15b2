import Testing

/// docs/protocol.md#frames: a session whose unsent queue passes BRIDGE_MAX_QUEUE is closed with 4100 (queued
/// behind what it already has), and one slow client never delays the others.
@Suite("Slow consumer (4100)", .serialized, .stack(.standard.with { $0.flags = ["--max-queue", "262144"] }))
struct SlowConsumerTests {
    @Test("a client that stops reading gets 4100 when it reads again; a reading client keeps receiving")
    func slowConsumerIsDropped() async throws {
        let stack = try Stack.require()
        let slow = try await stack.session("5", options: WSClient.Options(receiveBuffer: 4096))
        let fast = try await stack.session("6")
        defer { slow.close(); fast.close() }
        try await slow.client.stopReading()

        // Bursts of 4 × 8 KiB stay well under the 256 KiB bound for a client that reads.
        let padding = String(repeating: "x", count: 8 * 1024)
        let batch: JSONValue = .object(["messages": .array((0..<4).map { _ in
            .object(["type": "system_notification_created",
                     "data": ["notification": ["id": .int(Envelope.uniqueID()), "title": .string(padding)]]])
        })])
        var sent = 0
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(40), sent < 4 * 1000 {
            try await stack.broadcast(batch)
            sent += 4
            let target = sent + 1  // + the welcome
            let caughtUp = await Eventually.holds(within: .seconds(5)) { fast.client.inbox.receivedCount >= target }
            #expect(caughtUp, "the reading client fell behind: \(fast.client.inbox.receivedCount - 1) of \(sent)")
            if !caughtUp { break }
            if try await stack.status()["messages"]?["dropped_slow"]?.int ?? 0 >= 1 { break }
        }
        let dropped = try await stack.status()["messages"]?["dropped_slow"]?.int
        #expect(dropped == 1, "dropped_slow after \(sent) messages of 8 KiB: \(dropped.map(String.init) ?? "absent")")

        try await slow.client.resumeReading()
        let code = try await slow.client.closeCode(timeout: .seconds(15))
        #expect(code == 4100, "the slow client should read a 4100 close frame, not a bare reset")
        let slowGot = slow.client.inbox.drain().count
        // The bound is judged after each batch is handed to the kernel, so the batch that crossed it
        // may still arrive in full before the close frame.
        #expect(slowGot > 0 && slowGot <= sent, "the slow client read \(slowGot) of \(sent) before its close")

        _ = fast.client.inbox.drain()
        try await stack.publish(Envelope.notification(userIDs: [6]))
        #expect(try await fast.client.next(ofType: "system_notification_created")["data"]?["notification"]?["user_ids"] == [6])
    }
}
