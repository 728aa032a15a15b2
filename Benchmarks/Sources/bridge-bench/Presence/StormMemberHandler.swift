import BenchCore
import NIOCore

/// One member of the presence storm: upgrades on `/app/{key}`, subscribes to the channel as its
/// own user with a signed `channel_data` on `connection_established`, reads the members list,
/// then counts member events, checking each against the members it already knows.
final class StormMemberHandler: UpgradingClientHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State { case handshaking, awaitingEstablished, joining, joined, closed }

    let index: Int
    let request: ByteBuffer
    private let subscription: StormSubscription
    private let stats: StormLoopStats
    private var state = State.handshaking
    var handshake: ByteBuffer?
    var scanner = WebSocketFrameScanner()
    private(set) var members: MemberSet

    init(index: Int, request: ByteBuffer, subscription: StormSubscription, stats: StormLoopStats) {
        self.index = index
        self.request = request
        self.subscription = subscription
        self.stats = stats
        members = MemberSet(capacity: subscription.capacity)
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readResponseThenFrames(context: context, data: data)
    }

    func onText(_ payload: UnsafeRawBufferPointer, now: UInt64, context: ChannelHandlerContext) {
        switch StormFrame.kind(of: payload) {
        case .memberAdded:
            guard state == .joined else { stats.early += 1; return }
            stats.memberAdded += 1
            guard let user = StormFrame.userIndex(in: payload) else { stats.unreadable += 1; return }
            let before = members.count
            switch members.insert(user) {
            case .added: stats.moved(from: before, to: members.count, at: now)
            case .duplicate: stats.duplicates += 1
            case .outOfRange: stats.unreadable += 1
            }
        case .memberRemoved:
            guard state == .joined else { stats.early += 1; return }
            stats.memberRemoved += 1
            let before = members.count
            if let user = StormFrame.userIndex(in: payload), members.remove(user) {
                stats.moved(from: before, to: members.count, at: now)
            } else {
                stats.unreadable += 1
            }
        case .subscribed:
            guard state == .joining else { return }
            onMembersList(payload, now: now, context: context)
        case .subscriptionError:
            stats.subscriptionErrors += 1
            fail("subscription_error: \(Self.text(payload))", context: context)
        case .established:
            guard state == .awaitingEstablished else { return }
            guard let socketId = StormFrame.socketID(in: payload) else {
                fail("connection_established without a socket_id: \(Self.text(payload))", context: context)
                return
            }
            state = .joining
            sendText(subscription.subscribeMessage(user: index, socketId: socketId), context: context)
        case .ping:
            sendText(#"{"event":"pusher:pong","data":{}}"#, context: context)
        case .error:
            fail("pusher:error: \(Self.text(payload))", context: context)
        case .other:
            break
        }
    }

    private func onMembersList(_ payload: UnsafeRawBufferPointer, now: UInt64, context: ChannelHandlerContext) {
        var duplicates = 0
        let listed = StormFrame.forEachListedIndex(in: payload) { user in
            if members.insert(user) != .added { duplicates += 1 }
        }
        guard listed else {
            fail("subscription_succeeded without a members list: \(Self.text(payload))", context: context)
            return
        }
        state = .joined
        stats.duplicates += duplicates
        if !members.contains(index) { stats.selfMissing += 1 }
        stats.joined += 1
        stats.lastJoinedNs = max(stats.lastJoinedNs, now)
        stats.listBytes += payload.count
        stats.largestList = max(stats.largestList, payload.count)
        stats.handlers.append(self)
        stats.moved(from: -1, to: members.count, at: now)
    }

    func onClose(code: UInt16, context: ChannelHandlerContext) {
        switch state {
        case .handshaking, .awaitingEstablished, .joining:
            fail("closed by the server with code \(code) before joining", context: context)
        case .joined:
            if !stats.closing { stats.closesAfterJoin[code, default: 0] += 1 }
            state = .closed
            context.close(promise: nil)
        case .closed:
            break
        }
    }

    var isHandshaking: Bool { state == .handshaking }
    var isClosed: Bool { state == .closed }

    func upgraded(context: ChannelHandlerContext) {
        state = .awaitingEstablished
    }

    /// Counts a connection that did not join (once) and closes it.
    func fail(_ reason: String, context: ChannelHandlerContext) {
        switch state {
        case .closed:
            return
        case .joined:
            if !stats.closing { stats.closesAfterJoin[0, default: 0] += 1 }
            stormLog("member \(index) after joining: \(reason)")
        case .handshaking, .awaitingEstablished, .joining:
            stats.fail(reason)
        }
        state = .closed
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .joined:
            if !stats.closing { stats.droppedAfterJoin += 1 }
        case .handshaking, .awaitingEstablished, .joining:
            stats.fail("connection closed before joining")
        case .closed:
            break
        }
        state = .closed
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("\(error)", context: context)
    }

    private static func text(_ payload: UnsafeRawBufferPointer) -> String {
        String(decoding: payload.prefix(300), as: UTF8.self)
    }
}
