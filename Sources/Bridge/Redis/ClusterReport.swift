import Foundation

/// The cluster hash's entries: this node's figures as JSON, and every live node's read back.
/// Entries older than `staleAfter` are stale.
enum ClusterReport {
    static let staleAfter: TimeInterval = 15

    static func entry(_ figures: ClusterNodeFigures, at now: TimeInterval) -> String {
        let fields: [String: JSONValue] = [
            "node": .string(figures.node),
            "at": .number(now),
            "connections": .integer(Int64(figures.connections)),
            "sessions": .integer(Int64(figures.sessions)),
            "users": .object(figures.users.mapValues { .integer(Int64($0)) }),
            "channels": .object(figures.channels.mapValues { .integer(Int64($0)) }),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(fields)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The live nodes and the names of stale entries in an HGETALL reply.
    static func read(_ entries: [RedisReply], now: TimeInterval) -> (live: [ClusterNodeFigures], stale: [String]) {
        var live: [ClusterNodeFigures] = []
        var stale: [String] = []
        for pair in stride(from: 0, to: entries.count - 1, by: 2) {
            guard let node = entries[pair].text, case .string(let bytes) = entries[pair + 1],
                  let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { continue }
            guard timestamp(json["at"]) > now - staleAfter else {
                stale.append(node)
                continue
            }
            live.append(ClusterNodeFigures(node: node, connections: count(json["connections"]),
                                           sessions: count(json["sessions"]), users: users(json["users"]),
                                           channels: channels(json["channels"])))
        }
        return (live, stale)
    }

    /// Sessions per user; a list (nodes of the previous release) counts one each.
    private static func users(_ value: JSONValue?) -> [String: Int] {
        switch value {
        case .object(let counts)?: counts.mapValues { count($0) }
        case let list?: Dictionary(list.idStrings.map { ($0, 1) }, uniquingKeysWith: +)
        case nil: [:]
        }
    }

    /// Pusher subscriptions per channel (none from nodes of earlier releases).
    private static func channels(_ value: JSONValue?) -> [String: Int] {
        if case .object(let counts)? = value { return counts.mapValues { count($0) } }
        return [:]
    }

    private static func count(_ value: JSONValue?) -> Int {
        if case .integer(let number)? = value { Int(number) } else { 0 }
    }

    private static func timestamp(_ value: JSONValue?) -> Double {
        switch value {
        case .number(let seconds)?: seconds
        case .integer(let seconds)?: Double(seconds)
        default: 0
        }
    }
}
