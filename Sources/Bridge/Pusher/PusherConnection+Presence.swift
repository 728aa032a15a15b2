import Logging
import NIOCore

/// Presence channels on a connection (docs/pusher.md#presence-channels): joining through
/// ``PresenceStore`` (one member per user across every connection on every node), the members
/// list once this node has read the log up to the join, leaving on unsubscribe and close, and
/// the users the connection is known as, for `terminate_connections`.
extension PusherConnection {
    /// How long a join waits for this node to read the log up to it before answering anyway.
    static let presenceReadWait = TimeAmount.seconds(2)

    func subscribePresence(_ channel: String, auth: String?, channelData: String?) {
        guard let eventLoop = context?.eventLoop else { return }
        if case .joining? = presence.channels[channel] { return }
        let member: PresenceMember
        switch PusherChannelData.member(from: channelData, channel: channel) {
        case .success(let read): member = read
        case .failure(let refusal):
            refuseSubscription(channel, type: refusal.type, error: refusal.message, status: refusal.status)
            return
        }
        if let refusal = PusherChannelAuth(app: app).refusal(of: auth, socketId: socketId, channel: channel, channelData: channelData) {
            refuseSubscription(channel, type: "AuthError", error: refusal, status: 401)
            return
        }
        guard subscriptions.contains(channel) || subscriptions.count < Self.maxSubscriptions else {
            refuseSubscription(channel, type: "LimitReached",
                               error: "at most \(Self.maxSubscriptions) channels per connection; unsubscribe from some first", status: 429)
            return
        }
        guard presenceJoinLimit.admit(at: .now()) else {
            refuseSubscription(channel, type: "LimitReached",
                               error: "at most \(PusherClientEventLimit.perSecond) presence subscriptions a second per connection (each may announce a member on every node); subscribe again in a second",
                               status: 429)
            return
        }
        let attempt = presence.joining(channel, as: member)
        let hub = bridge.hub
        bridge.presence.join(socket: socketId, channel: channel, member: member).hop(to: eventLoop).assumeIsolated()
            .flatMap { join -> EventLoopFuture<PresenceJoin> in
                guard case .joined(let floor, _) = join else { return eventLoop.makeSucceededFuture(join) }
                // Every member event up to `floor` is in the list: deliver the list once this
                // node has read that far, so events after it follow it in order.
                return hub.whenRead(through: floor, on: eventLoop, within: Self.presenceReadWait).map { join }
            }
            .whenComplete { result in self.joined(channel, as: member, attempt: attempt, result) }
    }

    private func joined(_ channel: String, as member: PresenceMember, attempt: UInt64, _ result: Result<PresenceJoin, any Error>) {
        switch cleanedUp ? .unwanted : presence.answer(channel, attempt: attempt) {
        case .current:
            break
        case .superseded:
            return
        case .unwanted:
            presence.discardHeld(channel)
            if case .abandoned? = presence.channels[channel] { presence.channels[channel] = nil }
            if case .success(.joined) = result { bridge.presence.leave(socket: socketId, channel: channel) }
            return
        }
        switch result {
        case .success(.joined(let floor, let members)):
            guard let held = presence.release(channel, after: floor) else {
                presence.channels[channel] = nil
                bridge.presence.leave(socket: socketId, channel: channel)
                refuseSubscription(channel, type: "ServiceUnavailable",
                                   error: "more than \(PusherPresence.maxHeld) events on \(channel) while joining it; subscribe again", status: 503)
                return
            }
            presence.channels[channel] = .joined(member, floor: floor)
            subscriptions.insert(channel)
            knownUsersChanged()
            write(PusherFrame.subscriptionSucceeded(channel: channel, members: members))
            // Dispatched by this node before the answer came, after the list's position: they
            // follow the list (only this channel's frame: the rest of each went its usual way).
            for message in held {
                for (name, frame) in message.channelFrames where name == channel { write(frame) }
            }
            flushPending()
        case .success(.full):
            presence.discardHeld(channel)
            presence.channels[channel] = nil
            refuseSubscription(channel, type: "LimitReached",
                               error: "\(channel) has \(bridge.presence.maxMembers) members, the most a presence channel may have", status: 403)
        case .failure(let error):
            presence.discardHeld(channel)
            presence.channels[channel] = nil
            bridge.logger.warning("presence join failed", metadata: ["channel": "\(channel)", "socket_id": "\(socketId)", "error": "\(error)"])
            refuseSubscription(channel, type: "ServiceUnavailable", error: "cannot join \(channel) now (\(error)); subscribe again", status: 503)
        }
    }

    /// `pusher:unsubscribe`: stops the channel's events; leaves it as a member.
    func unsubscribe(_ channel: String) {
        subscriptions.remove(channel)
        leavePresence(channel)
    }

    /// On close: leaves every presence channel and is no longer known as any user.
    func leaveEveryPresenceChannel() {
        for channel in presence.channels.keys { leavePresence(channel) }
        if let eventLoop = context?.eventLoop {
            bridge.pusherUsers.set([], for: self, on: eventLoop)
        }
    }

    private func leavePresence(_ channel: String) {
        switch presence.channels[channel] {
        case .joining?:
            presence.channels[channel] = .abandoned
        case .joined?:
            presence.channels[channel] = nil
            bridge.presence.leave(socket: socketId, channel: channel)
            knownUsersChanged()
        case .abandoned?, nil:
            break
        }
    }

    /// Re-indexes the users this connection is known as (its presence user ids and `userId`).
    func knownUsersChanged() {
        guard let eventLoop = context?.eventLoop, !cleanedUp else { return }
        var users = presence.users
        if let userId { users.insert(userId) }
        bridge.pusherUsers.set(users, for: self, on: eventLoop)
    }

    /// `terminate_connections` named a user this connection is known as.
    func terminatedByApp() {
        guard phase == .open else { return }
        // Pusher's "Connection is unauthorized", as for a refused signin.
        refuse(PusherErrorCode.unauthorized, "the app terminated this user's connections")
    }
}
