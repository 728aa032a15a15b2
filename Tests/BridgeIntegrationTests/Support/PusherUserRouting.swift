import Testing

/// Who among signed-in Pusher connections received a help-desk event, proved without sleeping:
/// a system notification for everyone follows it, so a receiver sees the event then that marker
/// on its `#server-to-user-{id}` channel, anyone else the marker first (docs/pusher.md#help-desk-events).
struct PusherUserRouting {
    let publish: (JSONValue) async throws -> Void

    /// Sends the marker (unless `sent`, the id of one already sent), then requires `type` before
    /// it for `receivers` and only the marker for `others` (each with its user id). Answers the
    /// event frames the receivers got.
    @discardableResult
    func expect(_ type: String, reaches receivers: [(PusherClient, String)], notReaches others: [(PusherClient, String)],
                markerSent sent: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        let marker = sent ?? Envelope.uniqueID()
        if sent == nil { try await publish(Envelope.notification(id: marker)) }
        var frames: [JSONValue] = []
        for (client, user) in receivers {
            let frame = try await client.next()
            #expect(frame["event"]?.string == type && frame["channel"]?.string == "#server-to-user-\(user)",
                    "user \(user) should get \(type) on #server-to-user-\(user) first, got \(frame)", sourceLocation: sourceLocation)
            frames.append(frame)
            try await expectMarker(marker, on: client, user: user, sourceLocation: sourceLocation)
        }
        for (client, user) in others {
            try await expectMarker(marker, on: client, user: user, sourceLocation: sourceLocation)
        }
        return frames
    }

    private func expectMarker(_ marker: Int, on client: PusherClient, user: String, sourceLocation: SourceLocation) async throws {
        let frame = try await client.next()
        let data = try frame["data"]?.string.map(JSONValue.parse)
        let isMarker = frame["event"]?.string == "system_notification_created" && data?["notification"]?["id"]?.int == marker
        #expect(isMarker, "user \(user) expected only the marker, got \(frame)", sourceLocation: sourceLocation)
    }
}
