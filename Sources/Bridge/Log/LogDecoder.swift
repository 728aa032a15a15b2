import NIOCore

/// Turns log entries into messages, the same way on every node: pub/sub copies of one
/// publication (one per channel, one per matching pattern) are folded by their stream content
/// and stream time, never by how the reads happened to be cut, so every node delivers alike.
struct LogDecoder {
    /// One decoded entry: a message to deliver, a gap marker, or a user whose Pusher
    /// connections the app terminated.
    enum Item {
        case message(LogMessage)
        case gap
        case terminate(UserTermination)
    }

    let decoder: EnvelopeDecoder
    private var fanIn = ChannelFanIn()

    init(decoder: EnvelopeDecoder) {
        self.decoder = decoder
    }

    /// The items of `entries` in order; entries that are not a valid envelope go to `reject`.
    mutating func decode(_ entries: [LogEntry], reject: (Rejection) -> Void) -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(entries.count)
        for entry in entries {
            if entry.isGap {
                items.append(.gap)
                continue
            }
            guard let payload = entry.payload else { continue }
            if entry.cameOverHTTP, let termination = UserTermination.fromLog(payload) {
                items.append(.terminate(termination))
                continue
            }
            if entry.cameOverHTTP, let event = ChannelEvent.fromLog(payload) {
                items.append(.message(LogMessage(id: entry.id, message: Self.message(for: event), source: .pusher)))
                continue
            }
            if !entry.copies.isEmpty {
                let at = NIODeadline.uptimeNanoseconds(entry.id.milliseconds &* 1_000_000)
                let folded = fanIn.fold(entry.copies, decoder: decoder, now: at) { rejection, _ in reject(rejection) }
                items += folded.map { .message(LogMessage(id: entry.id, message: $0, source: .redis)) }
                continue
            }
            switch decoder.decode(payload, channel: nil) {
            case .success(let message):
                items.append(.message(LogMessage(id: entry.id, message: message, source: entry.cameOverHTTP ? .broadcast : .redis)))
            case .failure(let rejection):
                reject(rejection)
            }
        }
        return items
    }

    /// An event of the Pusher HTTP API: for Pusher connections only, so no `/ws` session
    /// receives it (its audience is empty); history and `/messages` show its name and data.
    static func message(for event: ChannelEvent) -> IncomingMessage {
        IncomingMessage(type: EventName.kept(event.name), knownType: nil, data: .object(["data": .string(event.data)]),
                        audience: Audience(), channelEvent: event)
    }
}
