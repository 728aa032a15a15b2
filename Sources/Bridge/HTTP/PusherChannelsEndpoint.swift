import Foundation
import NIOCore
import NIOHTTP1

/// The channel-information endpoints of the Pusher HTTP API (docs/pusher.md#channel-information),
/// signed as every API request: `GET /apps/{id}/channels`, `/channels/{name}` and
/// `/channels/{name}/users`, across every node. Presence figures are read from Redis as they are
/// now; other channels' subscription counts are this node's now and the other nodes' as last
/// reported (at most 2 s old).
struct PusherChannelsEndpoint {
    let bridge: BridgeContext
    let app: PusherApp

    /// `GET /apps/{id}/channels` with `filter_by_prefix` and `info=user_count` (presence prefix
    /// only, as Pusher) or `subscription_count`: the occupied channels.
    func list(_ request: HTTPRequest, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        if let refusal = refusal(of: request) { return .now(refusal) }
        let prefix = request.query["filter_by_prefix"] ?? ""
        var asked: Set<String> = []
        if let refusal = attributes(request, into: &asked) { return .now(refusal) }
        let info = asked
        if info.contains("user_count") && !prefix.hasPrefix("presence-") {
            return .now(.error(.badRequest, "info=user_count needs filter_by_prefix=presence- (only presence channels have users)"))
        }
        let subscriptions = subscriptionCounts()
        return .later(bridge.presence.allFigures().hop(to: eventLoop).map { presence in
            var channels: [String: JSONValue] = [:]
            for (name, count) in subscriptions where count > 0 && name.hasPrefix(prefix) && !name.hasPrefix("presence-") {
                channels[name] = .object(info.contains("subscription_count") ? ["subscription_count": .integer(Int64(count))] : [:])
            }
            for (name, figures) in presence where name.hasPrefix(prefix) {
                var fields: [String: JSONValue] = [:]
                if info.contains("user_count") { fields["user_count"] = .integer(Int64(figures.users)) }
                if info.contains("subscription_count") { fields["subscription_count"] = .integer(Int64(figures.subscriptions)) }
                channels[name] = .object(fields)
            }
            return .json(.ok, ["channels": .object(channels)])
        }.flatMapErrorThrowing { error in
            .error(.serviceUnavailable, "cannot read presence channels from Redis (\(error)); retry")
        })
    }

    /// `GET /apps/{id}/channels/{name}` with `info=subscription_count,user_count` (user_count on
    /// presence channels only): `occupied` and what was asked.
    func channel(_ request: HTTPRequest, name: String, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        if let refusal = refusal(of: request, channel: name) { return .now(refusal) }
        var asked: Set<String> = []
        if let refusal = attributes(request, into: &asked) { return .now(refusal) }
        let info = asked
        guard PusherChannel(name) == .presence else {
            if info.contains("user_count") {
                return .now(.error(.badRequest, "info=user_count is only for presence channels; \(name) is not one"))
            }
            let count = subscriptionCounts()[name] ?? 0
            var fields: [String: JSONValue] = ["occupied": .bool(count > 0)]
            if info.contains("subscription_count") { fields["subscription_count"] = .integer(Int64(count)) }
            return .now(.json(.ok, fields))
        }
        return .later(bridge.presence.figures(of: name).hop(to: eventLoop).map { figures in
            var fields: [String: JSONValue] = ["occupied": .bool(figures.users > 0)]
            if info.contains("user_count") { fields["user_count"] = .integer(Int64(figures.users)) }
            if info.contains("subscription_count") { fields["subscription_count"] = .integer(Int64(figures.subscriptions)) }
            return .json(.ok, fields)
        }.flatMapErrorThrowing { error in
            .error(.serviceUnavailable, "cannot read \(name) from Redis (\(error)); retry")
        })
    }

    /// `GET /apps/{id}/channels/{name}/users`: `{"users":[{"id":…}]}`, presence channels only.
    func users(_ request: HTTPRequest, name: String, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        if let refusal = refusal(of: request, channel: name) { return .now(refusal) }
        guard PusherChannel(name) == .presence else {
            return .now(.error(.badRequest, "\(name) is not a presence channel; only presence- channels have users"))
        }
        return .later(bridge.presence.userIds(of: name).hop(to: eventLoop).map { ids in
            .json(.ok, ["users": .array(ids.sorted().map { .object(["id": .string($0)]) })])
        }.flatMapErrorThrowing { error in
            .error(.serviceUnavailable, "cannot read the members of \(name) from Redis (\(error)); retry")
        })
    }

    /// Every node's subscriptions per channel.
    private func subscriptionCounts() -> [String: Int] {
        bridge.cluster.channelSubscriptions(local: bridge.pusherChannels.snapshot, localNode: bridge.configuration.nodeId)
    }

    /// 401 for a request not signed as Pusher signs them; 400 for a channel name Pusher does not allow.
    private func refusal(of request: HTTPRequest, channel: String? = nil) -> HTTPResponse? {
        if let unauthorized = PusherRequestSignature(app: app).unauthorized(request, method: "GET") { return unauthorized }
        if let channel, case .invalid(let reason) = PusherChannel(channel) {
            return .error(.badRequest, "\(channel): \(reason)")
        }
        return nil
    }

    /// Reads the `info` attributes asked for into `info`; a 400 for one this server does not know.
    private func attributes(_ request: HTTPRequest, into info: inout Set<String>) -> HTTPResponse? {
        let allowed: Set<String> = ["user_count", "subscription_count"]
        info = Set((request.query["info"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let unknown = info.subtracting(allowed)
        guard unknown.isEmpty else {
            return .error(.badRequest, "unknown info attribute(s) \(unknown.sorted().joined(separator: ",")); ask for \(allowed.sorted().joined(separator: ","))")
        }
        return nil
    }
}
