import Foundation
import NIOCore
import NIOHTTP1

/// `GET /messages?since=ID&wait=S&limit=N`: polling and long-polling with the same relevance
/// as WebSocket sessions (docs/protocol.md#http).
struct MessagesEndpoint {
    static let maxWait = 30
    static let defaultLimit = 100
    static let maxLimit = 1000
    /// Long-polls one event loop holds at most.
    static let maxWaitersPerLoop = 20_000

    let bridge: BridgeContext

    func answer(_ request: HTTPRequest, on channel: any Channel) -> HTTPRouter.Reply {
        guard let token = request.bearerToken, !token.isEmpty else {
            return .now(.error(.unauthorized, "send the session token as Authorization: Bearer <token> or ?token="))
        }
        guard let wait = Int(request.query["wait"] ?? "0"), (0...Self.maxWait).contains(wait) else {
            return .now(.error(.badRequest, "wait must be 0 to \(Self.maxWait) seconds", field: "wait"))
        }
        guard let limit = Int(request.query["limit"] ?? "\(Self.defaultLimit)"), (1...Self.maxLimit).contains(limit) else {
            return .now(.error(.badRequest, "limit must be 1 to \(Self.maxLimit)", field: "limit"))
        }
        let since = request.query["since"].flatMap { $0.isEmpty ? nil : $0 } ?? bridge.hub.newestId
        let eventLoop = channel.eventLoop
        let tokens = bridge.tokens
        let verified = eventLoop.makePromise(of: SessionIdentity.self)
        verified.completeWithTask { try await tokens.verify(token) }
        let answered = eventLoop.makePromise(of: HTTPResponse.self)
        verified.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .failure(let error):
                answered.succeed(.error(.unauthorized, "invalid session token: \(error)"))
            case .success(let identity) where bridge.hub.blockedUsers.isBlocked(identity.userId, now: Int64(Date().timeIntervalSince1970)):
                answered.succeed(.error(.forbidden, "user \(identity.userId) is blocked"))
            case .success(let identity):
                let poll = Poll(bridge: bridge, identity: identity, since: since, limit: limit)
                if let response = poll.answer(final: wait == 0) {
                    answered.succeed(response)
                } else {
                    poll.wait(seconds: wait, on: channel, completing: answered)
                }
            }
        }
        return .later(answered.futureResult)
    }
}
