@testable import Bridge
import Testing

/// docs/pusher.md#channel-information: subscriptions per channel on this node, and across nodes.
@Suite("Pusher channel figures")
struct PusherChannelFiguresTests {
    @Test("a node counts its subscriptions per channel as connections subscribe and leave")
    func counts() {
        let counts = PusherChannelCounts()
        counts.changed(from: [], to: ["news", "presence-a"])
        counts.changed(from: [], to: ["news"])
        counts.changed(from: ["news", "presence-a"], to: ["news"])
        #expect(counts.snapshot == ["news": 2])
        counts.changed(from: ["news"], to: [])
        counts.changed(from: ["news"], to: [])
        #expect(counts.snapshot == [:])
    }

    @Test("the cluster's subscriptions are this node's live counts plus the other nodes' reports")
    func acrossNodes() {
        let view = ClusterView()
        view.update([ClusterNodeFigures(node: "a", connections: 1, sessions: 0, users: [:], channels: ["news": 1, "old": 4]),
                     ClusterNodeFigures(node: "b", connections: 5, sessions: 0, users: [:], channels: ["news": 5, "x": 1])],
                    localNode: "a")
        #expect(view.channelSubscriptions(local: ["news": 3], localNode: "a") == ["news": 8, "x": 1])
    }
}
