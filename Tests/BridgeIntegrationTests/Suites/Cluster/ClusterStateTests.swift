import Testing

extension ClusterTests {
    /// docs/protocol.md#http (`/status` `cluster` and `log`): what a node reports of the others and
    /// of the shared log.
    @Suite("Cluster state in /status")
    struct ClusterStateTests {
        @Test("a SIGKILLed node leaves no ghost: within 30 s B counts neither it nor its sessions, nor against the limit",
              .timeLimit(.minutes(2)))
        func noGhostAfterKill() async throws {
            try await ClusterNodes.run { nodes in
                let (a, b) = (nodes.nodes[0], nodes.nodes[1])
                var onA: [Session] = []
                defer { onA.forEach { $0.close() } }
                for _ in 0..<15 { onA.append(try await nodes.session("60", on: a)) }
                onA.append(try await nodes.session("61", on: a))
                try await nodes.waitForStatus(of: b, "cluster.nodes = 3 and cluster.sessions = 16") {
                    $0["cluster"]?["nodes"]?.int == 3 && $0["cluster"]?["sessions"]?.int == 16
                }
                // While A lives, its 15 sessions count on B: a 6th of user 60 there is one too many.
                var probe: [Session] = []
                defer { probe.forEach { $0.close() } }
                for _ in 0..<5 { probe.append(try await nodes.session("60", on: b)) }
                let refused = try await nodes.refusedSession("60", on: b)
                #expect(refused.code == 4004, "the 21st session of user 60 (15 on A, 5 on B): \(refused.frames)")
                probe.forEach { $0.close() }
                probe.removeAll()

                let status = await a.kill()
                #expect(status.map(Int.init) == 137, "node A did not die of SIGKILL: \(status.map(String.init) ?? "still running")")
                let after = try await nodes.waitForStatus(of: b, within: .seconds(30), "cluster.nodes = 2 and cluster.sessions = 0") {
                    $0["cluster"]?["nodes"]?.int == 2 && $0["cluster"]?["sessions"]?.int == 0
                }
                #expect(after["cluster"]?["users"]?.int == 0, "\(after["cluster"] ?? .null)")
                let redis = nodes.redis
                let reported = try await Eventually.value(within: .seconds(10), every: .milliseconds(200)) { () -> [String]? in
                    guard case .array(let keys?) = try await redis.command(["HKEYS", "bridge:nodes"]) else { return nil }
                    let names = keys.compactMap { key -> String? in
                        if case .bulk(let bytes?) = key { return String(decoding: bytes, as: UTF8.self) }
                        return nil
                    }
                    return names.contains("101") ? nil : names
                }
                #expect(reported != nil, "A's entry (node 101) is still in the bridge:nodes hash")

                // A's 15 sessions of user 60 no longer count on B: 20 fit there now.
                for index in 0..<20 {
                    do {
                        probe.append(try await nodes.session("60", on: b))
                    } catch {
                        Issue.record("session \(index + 1) of user 60 on B refused after A died: \(error)")
                        break
                    }
                }
            }
        }

        @Test("/status log on every node: reading, the same head_id once idle, delivered through it, lag 0")
        func logStatusAgrees() async throws {
            try await ClusterNodes.run { nodes in
                for _ in 0..<3 { try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification()) }
                _ = try await nodes.broadcast(Envelope.notification(), on: nodes.nodes[1])
                try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification())
                let log = nodes.log
                let logged = await Eventually.holds(within: .seconds(15)) {
                    (try? await log.entries(after: "0-0").count) == 5
                }
                #expect(logged, "the log holds the five messages once each")
                let head = try #require(try await nodes.headID())
                let length = try await nodes.redis.command(["XLEN", nodes.configuration.streamKey])

                var heads: [String] = []
                for node in nodes.nodes {
                    let status = try await nodes.waitForStatus(of: node, "log.head_id = \(head) and delivered") {
                        $0["log"]?["head_id"]?.string == head && $0["log"]?["delivered_id"]?.string == head
                    }
                    let log = status["log"] ?? .null
                    #expect(log["stream"]?.string == nodes.configuration.streamKey, "\(log)")
                    #expect(log["reading"]?.bool == true, "\(log)")
                    #expect(log["lag_seconds"]?.double == 0, "\(log)")
                    #expect(length == .integer(log["length"]?.int ?? -1), "XLEN \(length), log \(log)")
                    heads.append(log["head_id"]?.string ?? "none")
                }
                #expect(Set(heads).count == 1, "\(heads)")
            }
        }
    }
}
