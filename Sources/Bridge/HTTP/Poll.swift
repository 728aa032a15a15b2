import NIOCore
import NIOHTTP1

/// One `/messages` query for one user, answered now or when something relevant arrives.
struct Poll {
    let bridge: BridgeContext
    let identity: SessionIdentity
    let since: String
    let limit: Int

    /// The answer, or nil when there is nothing yet and the caller may wait.
    func answer(final: Bool) -> HTTPResponse? {
        guard let kept = bridge.hub.messages(since: since) else {
            return .json(.ok, "{\"messages\":[],\"last_id\":\(JSONText.quote(bridge.hub.newestId)),\"resync\":true}")
        }
        let relevant = kept.messages.filter {
            $0.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: "")
        }
        if relevant.isEmpty && !final { return nil }
        let page = relevant.prefix(limit)
        let lastId = page.count < relevant.count ? (page.last?.id ?? since) : kept.headId
        var body = ByteBuffer(string: "{\"messages\":[")
        for (index, message) in page.enumerated() {
            if index > 0 { body.writeString(",") }
            body.writeImmutableBuffer(message.json)
        }
        body.writeString("],\"last_id\":\(JSONText.quote(lastId)),\"resync\":false}")
        return HTTPResponse(status: .ok, contentType: "application/json", body: body)
    }

    /// Parks the request on its event loop until a relevant message or `seconds` pass.
    func wait(seconds: Int, on channel: any Channel, completing promise: EventLoopPromise<HTTPResponse>) {
        guard let loopHub = bridge.hub.loopHub(for: channel.eventLoop),
              loopHub.local.pollers.count < MessagesEndpoint.maxWaitersPerLoop else {
            promise.succeed(.error(.serviceUnavailable, "too many long-polls waiting; retry shortly"))
            return
        }
        let eventLoop = channel.eventLoop.assumeIsolated()
        var timeout: Scheduled<Void>?
        var finished = false
        var waiter: PollWaiter?
        let finish = {
            guard !finished else { return }
            finished = true
            timeout?.cancel()
            if let waiter { loopHub.local.pollers.removeValue(forKey: ObjectIdentifier(waiter)) }
            waiter = nil
            promise.succeed(answer(final: true) ?? .error(.internalServerError, "poll failed"))
        }
        let parked = PollWaiter(identity: identity) { eventLoop.execute { finish() } }
        waiter = parked
        loopHub.local.pollers[ObjectIdentifier(parked)] = parked
        timeout = eventLoop.scheduleTask(in: .seconds(Int64(seconds))) { finish() }
        channel.closeFuture.assumeIsolated().whenComplete { _ in finish() }
    }
}
