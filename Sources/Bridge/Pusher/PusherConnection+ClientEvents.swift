import NIOCore

/// Client events of a Pusher connection (docs/pusher.md#client-events): checked by
/// ``PusherClientEvent``, limited by ``PusherClientEventLimit``, then appended to the shared log
/// like an HTTP API event with the sender's socket left out, so that the channel's other
/// subscribers on every node receive it and the sender does not.
extension PusherConnection {
    func relayClientEvent(name: String, channel: String?, data: JSONValue?) {
        let reader = PusherClientEvent(maxData: bridge.configuration.pusherMaxData)
        var event: ChannelEvent
        switch reader.event(name: name, channel: channel, data: data, from: socketId, subscriptions: subscriptions) {
        case .success(let read):
            event = read
            // On a presence channel the others learn who sent it, as Pusher tells them.
            if let channel, case .joined(let member, _)? = presence.channels[channel] { event.userId = member.userId }
        case .failure(let refusal):
            write(PusherFrame.error(code: refusal.code, message: refusal.message), flush: true)
            return
        }
        guard clientEventLimit.admit(at: .now()) else {
            write(PusherFrame.error(code: PusherErrorCode.clientEventRateLimit,
                                    message: "Client event rejected due to rate limit: at most \(PusherClientEventLimit.perSecond) client events a second per connection; \(name) was dropped, send less often"),
                  flush: true)
            return
        }
        guard let eventLoop = context?.eventLoop else { return }
        bridge.log.append(envelopes: [event.logEnvelope]).hop(to: eventLoop).assumeIsolated().whenFailure { [weak self] error in
            guard let self, self.phase == .open else { return }
            self.write(PusherFrame.error(code: nil, message: "\(name) was not delivered: the log in Redis cannot take it (\(error)); send it again"),
                       flush: true)
        }
    }
}
