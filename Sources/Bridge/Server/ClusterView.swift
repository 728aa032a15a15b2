import NIOConcurrencyHelpers

/// The whole cluster's figures as last read from the nodes' short-lived Redis keys.
final class ClusterView: Sendable {
    /// One node's published figures.
    typealias NodeFigures = ClusterNodeFigures

    private let nodes = NIOLockedValueBox<[NodeFigures]>([])

    init() {}

    func update(_ figures: [NodeFigures]) {
        nodes.withLockedValue { $0 = figures }
    }

    /// Nodes, connections, sessions and distinct users across the cluster; `local` stands in
    /// for this node until Redis has been read.
    func totals(local: NodeFigures) -> (nodes: Int, connections: Int, sessions: Int, users: Int) {
        var figures = nodes.withLockedValue { $0 }.filter { $0.node != local.node }
        figures.append(local)
        let users = Set(figures.flatMap(\.users))
        return (figures.count, figures.map(\.connections).reduce(0, +), figures.map(\.sessions).reduce(0, +), users.count)
    }
}
