import Foundation

/// The body of `POST /apps/{id}/events` or `/batch_events` read into channel events, within
/// Pusher's limits (docs/pusher.md#http-api): a name of at most 200 characters, `data` a string
/// of at most `BRIDGE_PUSHER_MAX_DATA` bytes (413 beyond), 1 to 100 channels, at most 10 events
/// per batch, and an optional `socket_id` to leave out.
struct PusherEventRequest: Sendable {
    static let maxNameLength = 200
    static let maxChannels = 100
    static let maxBatch = 10

    /// A refused body: 400 or 413, and what to fix.
    struct Refusal: Error, Equatable, Sendable {
        var tooLarge: Bool
        var message: String
    }

    let maxData: Int

    /// The one event of an `/events` body.
    func event(from body: [UInt8]) -> Result<ChannelEvent, Refusal> {
        guard case .object(let fields) = parse(body) else { return .failure(bad("the body must be a JSON object")) }
        return event(fields, at: "")
    }

    /// The events of a `/batch_events` body, `{"batch": [...]}`.
    func batch(from body: [UInt8]) -> Result<[ChannelEvent], Refusal> {
        guard case .object(let fields) = parse(body), case .array(let items)? = fields["batch"] else {
            return .failure(bad("the body must be {\"batch\": [events]}"))
        }
        guard items.count <= Self.maxBatch else {
            return .failure(bad("at most \(Self.maxBatch) events per batch (got \(items.count)); send several requests"))
        }
        var events: [ChannelEvent] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else { return .failure(bad("batch[\(index)] must be an object")) }
            switch event(fields, at: "batch[\(index)].") {
            case .success(let event): events.append(event)
            case .failure(let refusal): return .failure(refusal)
            }
        }
        return .success(events)
    }

    private func parse(_ body: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    private func event(_ fields: [String: JSONValue], at path: String) -> Result<ChannelEvent, Refusal> {
        guard case .string(let name)? = fields["name"], !name.isEmpty else { return .failure(bad("\(path)name must be a non-empty string")) }
        guard name.count <= Self.maxNameLength else {
            return .failure(bad("\(path)name is \(name.count) characters; at most \(Self.maxNameLength)"))
        }
        guard case .string(let data)? = fields["data"] else {
            return .failure(bad("\(path)data must be a string (JSON-encode objects first, as the Pusher SDKs do)"))
        }
        guard data.utf8.count <= maxData else {
            return .failure(Refusal(tooLarge: true, message: "\(path)data is \(data.utf8.count) bytes; at most \(maxData) (BRIDGE_PUSHER_MAX_DATA)"))
        }
        let channels: [String]
        switch (fields["channels"], fields["channel"]) {
        case (.array(let list)?, _):
            channels = list.compactMap { if case .string(let channel) = $0 { channel } else { nil } }
            guard channels.count == list.count else { return .failure(bad("\(path)channels must be a list of channel names")) }
        case (nil, .string(let channel)?):
            channels = [channel]
        default:
            return .failure(bad("\(path)channels (a list) or channel (a name) is needed"))
        }
        guard (1...Self.maxChannels).contains(channels.count) else {
            return .failure(bad("\(path)channels has \(channels.count) names; 1 to \(Self.maxChannels)"))
        }
        for channel in channels {
            if case .invalid(let reason) = PusherChannel(channel) { return .failure(bad("\(path)channels: \(channel): \(reason)")) }
        }
        var socket: String?
        if let value = fields["socket_id"], !value.isNull {
            guard case .string(let id) = value, Self.isSocketId(id) else {
                return .failure(bad("\(path)socket_id must look like 1234.5678, the socket_id of a connection"))
            }
            socket = id
        }
        var unique: [String] = []
        for channel in channels where !unique.contains(channel) { unique.append(channel) }
        return .success(ChannelEvent(name: name, data: data, channels: unique, excludedSocket: socket))
    }

    /// `^\d+\.\d+$`.
    static func isSocketId(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }
    }

    private func bad(_ message: String) -> Refusal {
        Refusal(tooLarge: false, message: message)
    }
}
