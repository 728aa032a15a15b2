import NIOCore
import NIOHTTP1

/// `POST /apps/{id}/users/{user}/terminate_connections` of the Pusher HTTP API
/// (docs/pusher.md#terminating-a-users-connections): appended to the shared log, so every node
/// closes that user's Pusher connections (a presence `user_id` or the `pusher:signin` user) with
/// `pusher:error` 4009; `{}` once this node has read it back (and closed its own), as the events
/// endpoint answers.
struct PusherTerminateEndpoint {
    let bridge: BridgeContext
    let app: PusherApp

    func answer(_ request: HTTPRequest, user: String, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        if let unauthorized = PusherRequestSignature(app: app).unauthorized(request, method: "POST") { return .now(unauthorized) }
        guard !user.isEmpty, user.count <= PusherChannelData.maxUserIdLength else {
            return .now(.error(.badRequest, "the user id in the path must have 1 to \(PusherChannelData.maxUserIdLength) characters"))
        }
        return .later(bridge.appendReadingBack([UserTermination(userId: user).logEnvelope], on: eventLoop).map { _ in
            .json(.ok, [:])
        }.flatMapErrorThrowing { error in
            .error(.serviceUnavailable, "cannot append to the log in Redis (\(error)); no connection was closed, retry")
        })
    }
}
