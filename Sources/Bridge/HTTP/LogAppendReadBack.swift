import NIOCore

extension BridgeContext {
    /// Longest wait for this node to read its own appends back before an HTTP answer.
    static let readBackLimit = TimeAmount.seconds(2)

    /// Appends `envelopes` to the shared log and succeeds with their ids once this node has read
    /// them back (at most ``readBackLimit`` after Redis gave the ids), so a request that follows
    /// the answer (a resume, a poll, a channel query) finds them here; fails when Redis cannot
    /// take them, in which case nothing was delivered.
    func appendReadingBack(_ envelopes: [[UInt8]], on eventLoop: any EventLoop) -> EventLoopFuture<[String]> {
        let hub = self.hub
        return log.append(envelopes: envelopes).hop(to: eventLoop).flatMap { ids in
            guard let newest = ids.last.flatMap({ StreamID($0) }) else { return eventLoop.makeSucceededFuture(ids) }
            return hub.whenRead(through: newest, on: eventLoop, within: Self.readBackLimit).map { ids }
        }
    }
}
