import Foundation

/// The figures of one presence storm, printed as a table and written as JSON.
struct PresenceStormResult: Codable, Sendable {
    /// One bridge node: its URL, and its process as sampled from /proc.
    struct Node: Codable, Sendable {
        var url: String
        var pid: Int32?
        var cpuSeconds: Double?
        var rssBeforeBytes: Int?
        var peakRSSBytes: Int?
    }

    var label: String
    var channel: String
    var membersRequested: Int
    var joinRatePerSecond: Double
    var launchSeconds = 0.0
    var joined = 0
    var failed = 0
    var failures: [String: Int] = [:]
    var subscriptionErrors = 0
    /// First connect → last subscription_succeeded.
    var allJoinedSeconds: Double?
    /// First connect → the moment the last member knew every member (its list plus member_added).
    var allSeenSeconds: Double?
    /// Members that knew every member at the end.
    var membersComplete = 0
    var memberAddedDelivered = 0
    /// K(K−1)/2 for K joined members: member k (in join order) hears of the K−k after it.
    var memberAddedExpected = 0
    var memberRemoved = 0
    var duplicates = 0
    var unreadable = 0
    var early = 0
    var selfMissing = 0
    var closesAfterJoin: [String: Int] = [:]
    var droppedAfterJoin = 0
    /// A few members that did not know every member, each with one user it missed.
    var incompleteSamples: [String] = []
    var membersListBytes = 0
    var largestMembersListBytes = 0
    var nodes: [Node] = []
    var redisCPUSeconds: Double?
    var redisPeakRSSBytes: Int?
    var clientCPUSeconds: Double?
    var problems: [String] = []

    var serverCPUSeconds: Double? {
        let all = nodes.compactMap(\.cpuSeconds)
        return all.isEmpty ? nil : all.reduce(0, +)
    }

    /// The summary table.
    var table: String {
        var rows: [(String, String)] = [
            ("members joined / requested", "\(joined) / \(membersRequested) on \(nodes.count) node(s), channel \(channel)"),
            ("join rate (asked; launched in)", String(format: "%.0f/s; %.1f s", joinRatePerSecond, launchSeconds)),
            ("all joined (last subscription_succeeded)", allJoinedSeconds.map { String(format: "%.1f s", $0) } ?? "not reached"),
            ("all seen final count (\(joined) members)", allSeenSeconds.map { String(format: "%.1f s", $0) } ?? "not reached (\(membersComplete) of \(joined) members did)"),
            ("member_added delivered / expected", "\(memberAddedDelivered) / \(memberAddedExpected)"),
            ("member_added rate over the storm", allSeenSeconds.map { String(format: "%.0f/s", Double(memberAddedDelivered) / max($0, 0.001)) } ?? "-"),
            ("members lists (subscription_succeeded)", String(format: "%.1f MiB in all, largest %.0f KiB", Double(membersListBytes) / 1_048_576, Double(largestMembersListBytes) / 1024)),
            ("duplicates / early / unreadable / member_removed", "\(duplicates) / \(early) / \(unreadable) / \(memberRemoved)"),
            ("failed joins (subscription_error)", "\(failed) (\(subscriptionErrors))"),
        ]
        for node in nodes {
            rows.append(("node \(node.url)", String(format: "CPU %@ s, RSS %@ → peak %@ MiB",
                                                     node.cpuSeconds.map { String(format: "%.1f", $0) } ?? "-",
                                                     node.rssBeforeBytes.map { String(format: "%.0f", Double($0) / 1_048_576) } ?? "-",
                                                     node.peakRSSBytes.map { String(format: "%.0f", Double($0) / 1_048_576) } ?? "-")))
        }
        if let total = serverCPUSeconds { rows.append(("server CPU, all nodes", String(format: "%.1f s", total))) }
        if let redis = redisCPUSeconds {
            rows.append(("redis-server", String(format: "CPU %.1f s, peak RSS %.0f MiB", redis, Double(redisPeakRSSBytes ?? 0) / 1_048_576)))
        }
        if let client = clientCPUSeconds { rows.append(("bridge-bench (client) CPU", String(format: "%.1f s", client))) }
        let width = rows.map(\.0.count).max() ?? 0
        var out = "\n== \(label): presence storm\n"
        for (name, value) in rows { out += name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + "\n" }
        for (reason, count) in failures.sorted(by: { $0.value > $1.value }) { out += "FAILED JOIN ×\(count): \(reason)\n" }
        for problem in problems { out += "PROBLEM: \(problem)\n" }
        return out
    }
}
