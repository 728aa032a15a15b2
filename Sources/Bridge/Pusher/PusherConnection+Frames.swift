import NIOCore
import NIOWebSocket

/// The client frames of a Pusher connection (docs/pusher.md#connection): WebSocket control frames,
/// then `pusher:ping`, `pusher:pong`, `pusher:subscribe` (presence channels in
/// PusherConnection+Presence.swift), `pusher:unsubscribe`, `pusher:signin` and client events; what
/// this server does not serve is answered with a `pusher:error` that says so.
extension PusherConnection {
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        activity.heard(at: .now())
        if let violation = Self.protocolViolation(in: frame) {
            fragments = nil
            close(code: CloseCode.protocolError, reason: violation, grace: .seconds(2))
            return
        }
        switch frame.opcode {
        case .text where frame.fin:
            if phase == .open { handleText(frame.unmaskedData) }
        case .text:
            fragments = frame.unmaskedData
        case .continuation:
            collectFragment(frame)
        case .binary:
            if phase == .open { write(PusherFrame.error(code: nil, message: "binary frames are not supported; send JSON text"), flush: true) }
        case .ping:
            if phase == .open { write(ServerFrame.pong(frame.unmaskedData), flush: true) }
        case .connectionClose:
            if phase == .closing {
                context.close(promise: nil)
            } else {
                phase = .closing
                loopHub?.unregister(self)
                write(ServerFrame.close(code: CloseCode.normal, reason: ""), flush: true)
                context.close(promise: nil)
            }
        default:
            break
        }
    }

    func handleText(_ payload: ByteBuffer) {
        switch PusherClientFrame.parse(payload) {
        case .invalidUTF8:
            close(code: CloseCode.invalidPayload, reason: "text is not valid UTF-8", grace: .seconds(2))
        case .ping:
            write(PusherFrame.pong, flush: true)
        case .pong:
            break
        case .subscribe(let channel, _, _) where channel.hasPrefix(PusherUserEvents.channelPrefix):
            subscribeToUserChannel(channel)
        case .subscribe(let channel, let auth, let channelData):
            subscribe(channel, auth: auth, channelData: channelData)
        case .unsubscribe(let channel):
            unsubscribe(channel)
        case .signin(let auth, let userData):
            signIn(auth: auth, userData: userData)
        case .clientEvent(let name, let channel, let data):
            relayClientEvent(name: name, channel: channel, data: data)
        case .unknown(let event):
            reject("unknown event \(event)")
        case .malformed(let reason):
            reject(reason)
        }
    }

    private func subscribe(_ channel: String, auth: String?, channelData: String?) {
        switch PusherChannel(channel) {
        case .invalid(let reason):
            refuseSubscription(channel, type: "InvalidChannel", error: reason, status: 400)
            return
        case .presence:
            subscribePresence(channel, auth: auth, channelData: channelData)
            return
        case .privateChannel:
            if let refusal = PusherChannelAuth(app: app).refusal(of: auth, socketId: socketId, channel: channel) {
                refuseSubscription(channel, type: "AuthError", error: refusal, status: 401)
                return
            }
        case .publicChannel:
            break
        }
        guard subscriptions.contains(channel) || subscriptions.count < Self.maxSubscriptions else {
            refuseSubscription(channel, type: "LimitReached",
                               error: "at most \(Self.maxSubscriptions) channels per connection; unsubscribe from some first", status: 429)
            return
        }
        subscriptions.insert(channel)
        write(PusherFrame.subscriptionSucceeded(channel: channel), flush: true)
    }

    func refuseSubscription(_ channel: String, type: String, error: String, status: Int) {
        write(PusherFrame.subscriptionError(channel: channel, type: type, error: error, status: status), flush: true)
    }

    /// A frame the connection survives: `pusher:error` with code null, as Pusher answers one.
    private func reject(_ message: String) {
        write(PusherFrame.error(code: nil, message: message), flush: true)
    }
}
