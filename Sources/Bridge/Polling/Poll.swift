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
            return .json(.ok, PollAnswer.resync(lastId: bridge.hub.newestId))
        }
        let relevant = kept.messages.filter {
            $0.audience.admits(user: identity.userId, sessionRoles: identity.roles, sessionId: "")
        }
        if relevant.isEmpty && !final { return nil }
        let page = relevant.prefix(limit)
        let lastId = page.count < relevant.count ? (page.last?.id ?? since) : kept.headId
        return HTTPResponse(status: .ok, contentType: "application/json",
                            body: PollAnswer.messages(page.map(\.json), lastId: lastId))
    }

    /// Parks the request on its event loop until a relevant message or `seconds` pass.
    func wait(seconds: Int, on channel: any Channel, completing promise: EventLoopPromise<HTTPResponse>) {
        guard let loopHub = bridge.hub.loopHub(for: channel.eventLoop), bridge.parkedPolls.reserve() else {
            promise.succeed(.error(.serviceUnavailable, "too many long-polls waiting; retry shortly"))
            return
        }
        let eventLoop = channel.eventLoop.assumeIsolated()
        let parkedPolls = bridge.parkedPolls
        var timeout: Scheduled<Void>?
        var finished = false
        var waiter: PollWaiter?
        let finish = {
            guard !finished else { return }
            finished = true
            timeout?.cancel()
            if let waiter { loopHub.unregister(waiter) }
            waiter = nil
            parkedPolls.release()
            promise.succeed(answer(final: true) ?? .error(.internalServerError, "poll failed"))
        }
        let parked = PollWaiter(identity: identity) { eventLoop.execute { finish() } }
        waiter = parked
        loopHub.register(parked)
        timeout = eventLoop.scheduleTask(in: .seconds(Int64(seconds))) { finish() }
        channel.closeFuture.assumeIsolated().whenComplete { _ in finish() }
    }
}
