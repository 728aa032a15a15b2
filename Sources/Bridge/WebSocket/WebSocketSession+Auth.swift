import Foundation
import Logging
import NIOCore

/// Authentication, token refresh and resume of a session.
extension WebSocketSession {
    func authenticate(_ token: String) {
        guard let context else { return }
        let refreshing = phase == .open
        if !refreshing { phase = .verifying }
        let tokens = bridge.tokens
        let promise = context.eventLoop.makePromise(of: SessionIdentity.self)
        promise.completeWithTask { try await tokens.verify(token) }
        promise.futureResult.assumeIsolated().whenComplete { result in
            switch (result, refreshing) {
            case (.success(let identity), false): self.open(as: identity)
            case (.success(let identity), true): self.refresh(to: identity)
            case (.failure(let error), false):
                self.close(code: CloseCode.unauthorized, reason: "\(error)")
            case (.failure(let error), true):
                self.sendError("invalid_token", "token refused, the session keeps its current token: \(error)")
            }
        }
    }

    func rememberResume(_ lastId: String) {
        resumeFrom = lastId
    }

    private func open(as identity: SessionIdentity) {
        guard phase == .verifying, let loopHub else { return }
        guard !bridge.hub.blockedUsers.isBlocked(identity.userId, now: Int64(Date().timeIntervalSince1970)) else {
            close(code: CloseCode.userBlocked, reason: "user blocked")
            return
        }
        guard bridge.users.reserve(identity.userId, elsewhere: bridge.cluster.sessionsElsewhere(of: identity.userId)) else {
            close(code: CloseCode.tooManyConnections, reason: "too many connections for this user")
            return
        }
        holdsUserSlot = true
        self.identity = identity
        sessionId = bridge.nextSessionId()
        phase = .open
        bridge.refreshUserGauges()
        write(welcomeFrame(for: identity))
        let (head, replayed) = bridge.hub.replay(after: resumeFrom)
        registeredAtSeq = head
        lastDeliveredSeq = head
        loopHub.register(self)
        if resumeFrom != nil { sendReplay(replayed) }
        flushPending()
        bridge.logger.debug("session opened", metadata: ["session": "\(sessionId)", "user": "\(identity.userId)"])
    }

    private func refresh(to identity: SessionIdentity) {
        guard phase == .open, let current = self.identity else { return }
        guard current.userId == identity.userId else {
            sendError("bad_frame", "a fresh token must name the same user (sub \(current.userId))")
            return
        }
        self.identity = identity
        write(welcomeFrame(for: identity), flush: true)
    }

    /// Replays what the session missed after `lastId`, up to the moment it registered.
    func resume(from lastId: String) {
        let replayed = bridge.hub.replay(after: lastId).messages.map { messages in
            messages.filter { $0.seq <= registeredAtSeq }
        }
        sendReplay(replayed)
        flushPending()
    }

    /// Tells the client to reload its state over HTTP: it may have missed events.
    func sendResync() {
        guard phase == .open else { return }
        write(BridgeFrame.resync.bytes, flush: true)
    }

    private func sendReplay(_ messages: [StoredMessage]?) {
        guard let messages, let identity else {
            write(BridgeFrame.resync.bytes)
            return
        }
        var missed = 0
        for message in messages
        where message.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: sessionId) {
            write(message.frame)
            missed += 1
        }
        write(BridgeFrame.resumed(missed: missed).bytes)
    }

    private func welcomeFrame(for identity: SessionIdentity) -> ByteBuffer {
        BridgeFrame.welcome(sessionId: sessionId, userId: identity.userId, expiresAt: identity.expiresAt).bytes
    }
}
