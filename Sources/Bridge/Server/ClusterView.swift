import NIOConcurrencyHelpers

/// The whole cluster's figures as last read from the nodes' short-lived Redis entries.
final class ClusterView: Sendable {
    /// One node's published figures.
    typealias NodeFigures = ClusterNodeFigures

    private struct State {
        var nodes: [NodeFigures] = []
        /// Sessions per user on the other nodes.
        var elsewhere: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    func update(_ figures: [NodeFigures], localNode: String) {
        var elsewhere: [String: Int] = [:]
        for node in figures where node.node != localNode {
            elsewhere.merge(node.users, uniquingKeysWith: +)
        }
        state.withLockedValue { $0 = State(nodes: figures, elsewhere: elsewhere) }
    }

    /// `user`'s sessions on other live nodes, as last reported.
    func sessionsElsewhere(of user: String) -> Int {
        state.withLockedValue { $0.elsewhere[user, default: 0] }
    }

    /// Pusher subscriptions per channel on every node: `local` (this node's, live) and the other
    /// live nodes' as last reported (at most ``ClusterReporter/interval`` old).
    func channelSubscriptions(local: [String: Int], localNode: String) -> [String: Int] {
        var counts = local
        for node in state.withLockedValue({ $0.nodes }) where node.node != localNode {
            counts.merge(node.channels, uniquingKeysWith: +)
        }
        return counts
    }

    /// Nodes, connections, sessions and distinct users across the cluster; `local` stands in
    /// for this node until Redis has been read.
    func totals(local: NodeFigures) -> (nodes: Int, connections: Int, sessions: Int, users: Int) {
        var figures = state.withLockedValue { $0.nodes }.filter { $0.node != local.node }
        figures.append(local)
        let users = Set(figures.flatMap(\.users.keys))
        return (figures.count, figures.map(\.connections).reduce(0, +), figures.map(\.sessions).reduce(0, +), users.count)
    }
}
