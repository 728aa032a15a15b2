/// The `pusher` part of `/status`, for the dashboard (docs/pusher.md#dashboard): channels with
/// Pusher subscribers across the cluster (this node's now, the others' as last reported, at most
/// 2 s old) and presence members as the presence heartbeat last read them from Redis (as old as
/// its interval, at most 2 s).
extension StatusReport {
    /// Channels listed at most, the busiest first.
    static let pusherChannelsListed = 50

    func pusherFields() -> JSONValue {
        guard bridge.configuration.pusher != nil else { return .null }
        let subscriptions = bridge.cluster.channelSubscriptions(local: bridge.pusherChannels.snapshot,
                                                                localNode: bridge.configuration.nodeId)
        let presence = bridge.presence.lastUserCounts
        let names = Set(subscriptions.filter { $0.value > 0 }.keys).union(presence.users.keys)
        let busiest = names.map { (name: $0, subscriptions: subscriptions[$0] ?? 0) }
            .sorted { ($0.subscriptions, $1.name) > ($1.subscriptions, $0.name) }
            .prefix(Self.pusherChannelsListed)
        return .object([
            "channels": .integer(Int64(names.count)),
            "subscriptions": .integer(Int64(subscriptions.values.reduce(0, +))),
            "presence_channels": .integer(Int64(presence.total)),
            "presence_members": .integer(Int64(presence.users.values.reduce(0, +))),
            "busiest": .array(busiest.map { channel in
                var fields: [String: JSONValue] = ["name": .string(channel.name), "subscriptions": .integer(Int64(channel.subscriptions))]
                if let users = presence.users[channel.name] { fields["users"] = .integer(Int64(users)) }
                return .object(fields)
            }),
        ])
    }
}
