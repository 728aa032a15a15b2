import Foundation
import NIOCore
import NIOHTTP1

/// `POST /apps/{id}/events` and `/batch_events` of the Pusher HTTP API (docs/pusher.md#http-api):
/// signed requests only (401 otherwise); the events are appended to the shared log, so every
/// node delivers them to its Pusher connections; `{}` once this node has read them back (as
/// `/broadcast` answers), 503 when Redis cannot take them (nothing of the request was delivered).
struct PusherEventsEndpoint {
    let bridge: BridgeContext
    let app: PusherApp

    func answer(_ request: HTTPRequest, batch: Bool, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        if let unauthorized = PusherRequestSignature(app: app).unauthorized(request, method: "POST") { return .now(unauthorized) }
        let body = Array(request.body.readableBytesView)
        let reader = PusherEventRequest(maxData: bridge.configuration.pusherMaxData)
        let events: [ChannelEvent]
        switch batch ? reader.batch(from: body) : reader.event(from: body).map({ [$0] }) {
        case .success(let read):
            events = read
        case .failure(let refusal):
            bridge.reject(Rejection(refusal.tooLarge ? .tooLarge : .wrongShape, refusal.message), from: .pusher, channel: request.path)
            return .now(.error(refusal.tooLarge ? .payloadTooLarge : .badRequest, refusal.message))
        }
        guard !events.isEmpty else { return .now(.json(.ok, [:])) }
        return .later(bridge.appendReadingBack(events.map(\.logEnvelope), on: eventLoop).map { _ in
            .json(.ok, [:])
        }.flatMapErrorThrowing { error in
            .error(.serviceUnavailable, "cannot append to the log in Redis (\(error)); nothing was delivered, retry")
        })
    }
}
