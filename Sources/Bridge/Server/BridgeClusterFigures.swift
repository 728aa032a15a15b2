import Atomics

/// The cluster reporter's view of this bridge: its figures out, every node's into `ClusterView`.
struct BridgeClusterFigures: ClusterFigures {
    let bridge: BridgeContext

    func local() -> ClusterNodeFigures {
        ClusterNodeFigures(node: bridge.configuration.nodeId,
                           connections: Int(bridge.metrics.connections.load(ordering: .relaxed)),
                           sessions: bridge.users.totals.sessions, users: bridge.users.users,
                           channels: bridge.pusherChannels.snapshot)
    }

    func update(_ nodes: [ClusterNodeFigures]) {
        bridge.cluster.update(nodes, localNode: bridge.configuration.nodeId)
    }

    var logKey: String { bridge.logStatus.key }

    func observeLog(length: Int, head: StreamID?) {
        bridge.logStatus.observed(length: length, head: head)
    }
}
