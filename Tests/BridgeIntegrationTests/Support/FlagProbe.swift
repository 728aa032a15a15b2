import Testing

/// Sends one event per `FlagValue` (each told apart by an id inside its data) and checks that a
/// watching non-staff session sees exactly the expected ones live over WebSocket, in
/// `/messages?since=` and when resuming with `?last_id=`.
struct FlagProbe: Sendable {
    let stack: Stack
    /// The user whose view is checked, and the roles of their token.
    let watcher: String
    /// How an event is sent.
    let route: Routing.Route
    /// How the markers that bound the batch are sent (Laravel channels carry no listener markers).
    var markerRoute: Routing.Route? = nil
    /// Builds the envelope for one value with `id` as its distinguishing id.
    let envelope: @Sendable (_ value: JSONValue?, _ id: Int) -> JSONValue
    /// Reads an event frame's distinguishing id.
    let idOf: @Sendable (JSONValue) -> Int?
    /// Which readings the watcher must see.
    let visible: Set<FlagValue.Reading>
    /// The values tried (a required flag cannot be absent: the envelope would be refused).
    var values = FlagValue.all

    func run(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let token = try await stack.tokens.token(user: watcher)
        let session = try await stack.session(watcher)
        defer { session.close() }
        let routing = Routing(stack: stack, route: markerRoute ?? route)
        let start = try await markerID(routing, session)

        var expected: [Int: String] = [:]
        var all: [Int: String] = [:]
        for flag in values {
            let id = Envelope.uniqueID()
            all[id] = flag.description
            if visible.contains(flag.reading) { expected[id] = flag.description }
            try await send(envelope(flag.value, id))
        }
        _ = try await markerID(routing, session, collecting: { frame in
            let got = Set(frame.compactMap(idOf))
            #expect(got == Set(expected.keys), "live: \(describe(got, expected, all))", sourceLocation: sourceLocation)
        })

        let polled = try await HTTPClient.getJSON(
            port: stack.port, path: "/messages?since=\(start)&limit=1000", headers: [("Authorization", "Bearer \(token)")])
        let polledIDs = Set((polled["messages"]?.array ?? []).compactMap(idOf))
        #expect(polledIDs == Set(expected.keys), "/messages: \(describe(polledIDs, expected, all))", sourceLocation: sourceLocation)

        let resumed = try await WSClient.connect(port: stack.port, path: "/ws?token=\(token)&last_id=\(start)")
        defer { resumed.close() }
        var replayed: [JSONValue] = []
        while true {
            let frame = try await resumed.next()
            if frame["type"] == "bridge:resumed" || frame["type"] == "bridge:resync" { break }
            replayed.append(frame)
        }
        let resumedIDs = Set(replayed.compactMap(idOf))
        #expect(resumedIDs == Set(expected.keys), "resume: \(describe(resumedIDs, expected, all))", sourceLocation: sourceLocation)
    }

    private func send(_ envelope: JSONValue) async throws {
        switch route {
        case .redis(let channel): try await stack.publish(envelope, channel: channel)
        case .broadcast: try await stack.broadcast(envelope)
        }
    }

    /// Sends a marker and answers its event id, handing the frames before it to `collecting`.
    private func markerID(
        _ routing: Routing, _ session: Session, collecting: ([JSONValue]) -> Void = { _ in }
    ) async throws -> String {
        let marker = try await routing.sendMarker()
        var before: [JSONValue] = []
        while true {
            let frame = try await session.next()
            if frame["type"] == "system_notification_created", frame["data"]?["notification"]?["id"]?.int == marker {
                collecting(before)
                return frame["id"]?.string ?? ""
            }
            before.append(frame)
        }
    }

    private func describe(_ got: Set<Int>, _ expected: [Int: String], _ all: [Int: String]) -> String {
        let missing = expected.keys.filter { !got.contains($0) }.map { all[$0] ?? "?" }
        let extra = got.filter { expected[$0] == nil }.map { all[$0] ?? "?" }
        return "missing values \(missing), unexpected values \(extra)"
    }
}
