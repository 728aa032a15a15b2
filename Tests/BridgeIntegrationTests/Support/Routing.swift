import Testing

/// Checks who received an event, without sleeping: after the event, a marker that reaches every
/// session (a system notification without targets) is sent the same way. Order is kept per
/// session, so a receiver sees the event then the marker, and anyone else sees the marker first.
struct Routing: Sendable {
    enum Route: Sendable {
        case redis(channel: String)
        case broadcast
    }

    let stack: Stack
    var route: Route = .redis(channel: "ict.events")

    /// Sends the marker; answers its notification id.
    func sendMarker() async throws -> Int {
        let id = Envelope.uniqueID()
        let marker = Envelope.notification(id: id)
        switch route {
        case .redis(let channel): try await stack.publish(marker, channel: channel)
        case .broadcast: try await stack.broadcast(marker)
        }
        return id
    }

    /// Sends the marker (unless `sent`, the notification id of a marker already sent), then
    /// requires `type` before it for `receivers` and only the marker for `others`.
    /// Answers the event frames the receivers got.
    @discardableResult
    func expect(
        _ type: String, reaches receivers: [Session], notReaches others: [Session], markerSent sent: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [JSONValue] {
        let marker: Int
        if let sent { marker = sent } else { marker = try await sendMarker() }
        var frames: [JSONValue] = []
        for session in receivers {
            let frame = try await session.next()
            #expect(frame["type"]?.string == type, "user \(session.user) should get \(type) first, got \(frame)", sourceLocation: sourceLocation)
            frames.append(frame)
            if frame["type"]?.string == type { try await expectMarker(marker, on: session, sourceLocation: sourceLocation) }
        }
        for session in others {
            try await expectMarker(marker, on: session, sourceLocation: sourceLocation, unwanted: type)
        }
        return frames
    }

    private func expectMarker(
        _ marker: Int, on session: Session, sourceLocation: SourceLocation, unwanted: String? = nil
    ) async throws {
        let frame = try await session.next()
        let isMarker = frame["type"]?.string == "system_notification_created"
            && frame["data"]?["notification"]?["id"]?.int == marker
        let because = unwanted.map { "user \(session.user) must not get \($0)" } ?? "user \(session.user) expected the marker"
        #expect(isMarker, "\(because); got \(frame)", sourceLocation: sourceLocation)
    }
}
