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

    let logKey = "test:bridge:events"
    private let log = NIOLockedValueBox<(length: Int, head: StreamID?)?>(nil)
    /// The log length and newest id the reporter last observed.
    var observedLog: (length: Int, head: StreamID?)? { log.withLockedValue { $0 } }

    func observeLog(length: Int, head: StreamID?) {
        log.withLockedValue { $0 = (length, head) }
    }

    /// Waits (bounded) for the first update.
    func waitForUpdate(within limit: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while updates.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return !updates.isEmpty
    }
}
