/// One node's figures as published in the cluster hash.
struct ClusterNodeFigures: Sendable, Equatable {
    var node: String
    var connections: Int
    var sessions: Int
    var users: [String]

    init(node: String, connections: Int, sessions: Int, users: [String]) {
        self.node = node
        self.connections = connections
        self.sessions = sessions
        self.users = users
    }
}

/// Where the cluster reporter takes this node's figures from and puts every node's.
protocol ClusterFigures: Sendable {
    /// This node's figures now.
    func local() -> ClusterNodeFigures
    /// The live nodes' figures (this one's included) as just read from Redis.
    func update(_ nodes: [ClusterNodeFigures])
}
