/// One node's figures as published in the cluster hash.
struct ClusterNodeFigures: Sendable, Equatable {
    var node: String
    var connections: Int
    var sessions: Int
    /// Sessions per user on that node.
    var users: [String: Int]
    /// Pusher subscriptions per channel on that node.
    var channels: [String: Int]

    init(node: String, connections: Int, sessions: Int, users: [String: Int], channels: [String: Int] = [:]) {
        self.node = node
        self.connections = connections
        self.sessions = sessions
        self.users = users
        self.channels = channels
    }
}

/// Where the cluster reporter takes this node's figures from and puts every node's.
protocol ClusterFigures: Sendable {
    /// This node's figures now.
    func local() -> ClusterNodeFigures
    /// The live nodes' figures (this one's included) as just read from Redis.
    func update(_ nodes: [ClusterNodeFigures])
    /// The shared log's Redis key, and what was just read of it.
    var logKey: String { get }
    func observeLog(length: Int, head: StreamID?)
}
