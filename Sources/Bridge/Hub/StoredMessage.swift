import NIOCore

/// One accepted, numbered message: encoded once as a complete WebSocket frame, kept in the
/// history for resume and polling. A class: fan-out hands it to every session of a loop, and a
/// reference is one retain where a struct of strings, sets and a buffer is a dozen.
final class StoredMessage: Sendable {
    /// The stream entry id, as clients see it.
    let id: String
    let streamID: StreamID
    /// This node's running number, for slicing its history.
    let seq: UInt64
    let type: String
    let audience: Audience
    /// Header and JSON body of the event frame, shared by every recipient.
    let frame: ByteBuffer
    let headerLength: Int
    /// Monotonic time of acceptance, for the delivery-latency histogram.
    let acceptedAt: NIODeadline
    let timestamp: String
    /// The Pusher event frame for each channel it was published on (Pusher connections take the
    /// frames of the channels they subscribed to); empty when it was not published on a channel
    /// (signed-in Pusher connections may still take it for their user, docs/pusher.md#help-desk-events).
    let channelFrames: [(channel: String, frame: ByteBuffer)]
    /// The Pusher socket id it must not reach (Laravel's `socket`, the HTTP API's `socket_id`).
    let excludedSocket: String?

    /// The event frame's JSON text, as `/messages` returns it.
    var json: ByteBuffer {
        frame.getSlice(at: frame.readerIndex + headerLength, length: frame.readableBytes - headerLength) ?? ByteBuffer()
    }

    init(id: StreamID, seq: UInt64, message: IncomingMessage, timestamp: String) {
        self.id = id.description
        self.streamID = id
        self.seq = seq
        self.type = message.type
        self.audience = message.audience
        self.timestamp = timestamp
        self.acceptedAt = .now()
        let body = EventFrameEncoder.encode(id: self.id, type: message.type, timestamp: timestamp, data: message.data)
        self.headerLength = ServerFrame.headerLength(forPayload: body.readableBytes)
        self.frame = ServerFrame.text(body)
        let event = message.channelEvent
        self.channelFrames = event.map { event in
            event.channels.map { ($0, PusherFrame.event(event.name, channel: $0, data: event.data, userId: event.userId)) }
        } ?? []
        self.excludedSocket = event?.excludedSocket
    }
}
