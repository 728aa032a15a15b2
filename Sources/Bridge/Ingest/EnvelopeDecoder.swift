import Foundation

/// Turns raw payloads from Redis or `/broadcast` into typed, routed messages (docs/protocol.md#ingest-envelopes).
struct EnvelopeDecoder: Sendable {
    /// "Over 1 MiB" is more than this many bytes.
    static let maxPayloadBytes = 1_048_576

    var rules: RelevanceRules
    var redisPrefix: String
    var userChannel: String
    /// A Pusher app is served: Laravel events published on a channel also carry a
    /// ``ChannelEvent`` for its subscribers, and events on channels no `/ws` session can be
    /// authorised for are accepted for them alone instead of refused.
    var channelEvents: Bool

    init(rules: RelevanceRules, redisPrefix: String, userChannel: String, channelEvents: Bool = false) {
        self.rules = rules
        self.redisPrefix = redisPrefix
        self.userChannel = userChannel
        self.channelEvents = channelEvents
    }

    /// Decodes one payload that arrived on `channel` (nil for `/broadcast`).
    func decode(_ bytes: some Collection<UInt8>, channel: String?) -> Result<IncomingMessage, Rejection> {
        guard bytes.count <= Self.maxPayloadBytes else {
            return .failure(Rejection(.tooLarge, "payload of \(bytes.count) bytes is over the 1 MiB limit"))
        }
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            return .failure(Rejection(.notJSON, "payload is not valid UTF-8 JSON"))
        }
        return decode(json, channel: channel)
    }

    /// Decodes one already-parsed envelope.
    func decode(_ json: JSONValue, channel: String?) -> Result<IncomingMessage, Rejection> {
        guard case .object(let envelope) = json else {
            return .failure(Rejection(.wrongShape, "an envelope must be a JSON object"))
        }
        let route = channel.map { ChannelRoute(channel: $0, prefix: redisPrefix, userChannel: userChannel) }
        if envelope["type"] != nil {
            return decodeListener(envelope, route: route)
        }
        if envelope["event"] != nil {
            return decodeLaravel(envelope, route: route, channel: channel)
        }
        return .failure(Rejection(.wrongShape, "an envelope needs \"type\" (listener) or \"event\" (Laravel)", field: "type"))
    }

    private func decodeListener(_ envelope: [String: JSONValue], route: ChannelRoute?) -> Result<IncomingMessage, Rejection> {
        guard case .string(let type)? = envelope["type"], !type.isEmpty else {
            return .failure(Rejection(.wrongShape, "\"type\" must be a non-empty string", field: "type"))
        }
        let data = envelope["data"] ?? .object([:])
        guard case .object = data else {
            return .failure(Rejection(.wrongShape, "\"data\" must be an object", field: "data"))
        }
        var extra: ExtraRecipients
        switch ExplicitAudience.parse(envelope["audience"]) {
        case .success(let parsed): extra = parsed
        case .failure(let rejection): return .failure(rejection)
        }
        if case .user(let user)? = route { extra.users.insert(user) }
        return build(type: type, known: MessageType(rawValue: type), data: data, extra: extra)
    }

    private func decodeLaravel(_ envelope: [String: JSONValue], route: ChannelRoute?, channel: String?) -> Result<IncomingMessage, Rejection> {
        guard case .string(let event)? = envelope["event"], !event.isEmpty else {
            return .failure(Rejection(.wrongShape, "\"event\" must be a non-empty string", field: "event"))
        }
        guard case .object(var fields) = envelope["data"] ?? .object([:]) else {
            return .failure(Rejection(.wrongShape, "\"data\" must be an object", field: "data"))
        }
        fields.removeValue(forKey: "socket")
        var extra = ExtraRecipients()
        if case .string(let socket)? = envelope["socket"], !socket.isEmpty { extra.excludedSessionId = socket }
        let known = EventName.knownType(for: event)
        var channelEvent: ChannelEvent?
        if channelEvents, let channel {
            channelEvent = ChannelEvent(name: event, data: ChannelEvent.text(of: .object(fields)),
                                        channels: [ChannelRoute.name(of: channel, prefix: redisPrefix)],
                                        excludedSocket: extra.excludedSessionId)
        }
        switch route {
        case .user(let user)?: extra.users.insert(user)
        case .publicChannel? where known == nil: extra.everyone = true
        case .unauthorisable? where known == nil && channelEvent == nil:
            return .failure(Rejection(.unroutable, "unknown event \(event) on a channel the bridge cannot authorise"))
        default: break
        }
        return build(type: known?.rawValue ?? EventName.kept(event), known: known, data: .object(fields), extra: extra)
            .map { message in
                var message = message
                message.channelEvent = channelEvent
                return message
            }
    }

    private func build(type: String, known: MessageType?, data: JSONValue, extra: ExtraRecipients) -> Result<IncomingMessage, Rejection> {
        if type.hasPrefix("bridge:") {
            return .failure(Rejection(.reservedType, "types starting with bridge: are reserved", field: "type"))
        }
        if let known, let missing = known.missingField(in: data) {
            return .failure(Rejection(.missingField, "\(type) needs data.\(missing)", field: missing))
        }
        let audience = rules.audience(type: known, data: data, extra: extra)
        return .success(IncomingMessage(type: type, knownType: known, data: data, audience: audience))
    }
}
