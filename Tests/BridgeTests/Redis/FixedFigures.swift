import NIOConcurrencyHelpers
@testable import Bridge

/// Cluster figures that never change, recording what the reporter hands back.
final class FixedFigures: ClusterFigures {
    private let figures: ClusterNodeFigures
    private let recorded = NIOLockedValueBox<[[ClusterNodeFigures]]>([])

    init(_ figures: ClusterNodeFigures) {
        self.figures = figures
    }

    var updates: [[ClusterNodeFigures]] { recorded.withLockedValue { $0 } }

    func local() -> ClusterNodeFigures { figures }

    func update(_ nodes: [ClusterNodeFigures]) {
        recorded.withLockedValue { $0.append(nodes) }
    }

    /// Waits (bounded) for the first update.
    func waitForUpdate(within limit: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while updates.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return !updates.isEmpty
    }
}
