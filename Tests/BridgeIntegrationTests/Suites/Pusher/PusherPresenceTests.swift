import NIOHTTP1
import Foundation
import Testing

/// docs/pusher.md#presence-channels across two nodes on one Redis: one member per user over all
/// of its connections on every node, member events through the shared log, no ghost after a
/// node dies, terminate_connections on every node.
@Suite("Pusher: presence across nodes")
struct PusherPresenceTests {
    static let ann: JSONValue = ["name": "Ann"]
    static let bob: JSONValue = ["name": "Bob"]

    /// Two nodes with the test app; `ttl` is BRIDGE_PRESENCE_TTL.
    static func twoNodes(_ cluster: BridgeCluster, ttl: Int = 15) async throws -> (BridgeProcess, BridgeProcess) {
        let environment = BridgeConfiguration.standard.environment(redisURL: cluster.redis.url)
        let flags = PusherTestApp.configuration.flags + ["--presence-ttl", String(ttl)]
        let first = try await cluster.start(flags: flags + ["--node-id", "41"], environment: environment)
        let second = try await cluster.start(flags: flags + ["--node-id", "42"], environment: environment)
        return (first, second)
    }

    /// Proves `clients` got nothing since their last frame: a marker triggered on `channel` must be next for each.
    static func expectNothing(_ clients: [PusherClient], on channel: String, port: Int) async throws {
        let marker = "marker-\(UUID().uuidString)"
        let path = "/apps/\(PusherTestApp.id)/events"
        let body: JSONValue = ["name": "marker", "channel": .string(channel), "data": .string(marker)]
        let response = try await HTTPClient.request(.POST, port: port, path: "\(path)?\(PusherTestApp.signedQuery(path: path, body: body.bytes))",
                                                    headers: [("Content-Type", "application/json")], body: body.bytes)
        #expect(response.status == 200)
        for client in clients {
            let next = try await client.next()
            #expect(next["event"] == "marker" && next["data"]?.string == marker, "expected only the marker, got \(next)")
        }
    }

    @Test("join and leave announce members once per user, whatever node and however many connections")
    func oneMemberPerUser() async throws {
        try await BridgeCluster.run { cluster in
            let (first, second) = try await Self.twoNodes(cluster)
            let ann1 = try await PusherClient.connect(port: first.port)
            let bob = try await PusherClient.connect(port: second.port)
            let ann2 = try await PusherClient.connect(port: second.port)
            defer { ann1.close(); bob.close(); ann2.close() }

            let alone = try await ann1.joinPresence("presence-room.1", user: "1", info: Self.ann)
            #expect(alone == ["ids": ["1"], "hash": ["1": ["name": "Ann"]], "count": 1])

            let both = try await bob.joinPresence("presence-room.1", user: "2", info: Self.bob)
            #expect(PusherClient.ids(both) == ["1", "2"])
            #expect(both["count"] == 2)
            #expect(both["hash"]?["1"] == Self.ann)
            #expect(try await ann1.expect("pusher_internal:member_added", on: "presence-room.1")
                    == ["user_id": "2", "user_info": ["name": "Bob"]])

            // Ann's second connection, on the other node: the same member, announced to nobody.
            let again = try await ann2.joinPresence("presence-room.1", user: "1", info: Self.ann)
            #expect(PusherClient.ids(again) == ["1", "2"])
            try await Self.expectNothing([ann1, bob, ann2], on: "presence-room.1", port: first.port)

            // One of Ann's connections leaves: she is still there.
            try await ann1.send(["event": "pusher:unsubscribe", "data": ["channel": "presence-room.1"]])
            try await Self.expectNothing([bob, ann2], on: "presence-room.1", port: second.port)

            // Her last one closes: member_removed, once.
            ann2.close()
            #expect(try await bob.expect("pusher_internal:member_removed", on: "presence-room.1") == ["user_id": "1"])
            try await Self.expectNothing([bob], on: "presence-room.1", port: first.port)
            let users = try await PusherAPI(port: first.port).get200("channels/presence-room.1/users")
            #expect(users == ["users": [["id": "2"]]])
        }
    }

    @Test("a node killed with SIGKILL: its members are removed by the survivor, with member_removed")
    func noGhostAfterKill() async throws {
        try await BridgeCluster.run { cluster in
            // A short TTL keeps the test short; the default (15 s) removes them within 17 s.
            let (doomed, survivor) = try await Self.twoNodes(cluster, ttl: 3)
            let ghost = try await PusherClient.connect(port: doomed.port)
            let watcher = try await PusherClient.connect(port: survivor.port)
            defer { ghost.close(); watcher.close() }
            _ = try await ghost.joinPresence("presence-room.2", user: "7")
            _ = try await watcher.joinPresence("presence-room.2", user: "8")
            await doomed.kill()
            let started = ContinuousClock.now
            #expect(try await watcher.expect("pusher_internal:member_removed", on: "presence-room.2", timeout: .seconds(30))
                    == ["user_id": "7"])
            #expect(ContinuousClock.now - started < .seconds(30))
            let users = try await PusherAPI(port: survivor.port).get200("channels/presence-room.2/users")
            #expect(users == ["users": [["id": "8"]]])
        }
    }

    @Test("a node paused past its TTL is swept, and restores its members when it runs again")
    func restoreAfterWrongSweep() async throws {
        try await BridgeCluster.run { cluster in
            let (paused, staying) = try await Self.twoNodes(cluster, ttl: 3)
            let member = try await PusherClient.connect(port: paused.port)
            let watcher = try await PusherClient.connect(port: staying.port)
            defer { member.close(); watcher.close() }
            _ = try await member.joinPresence("presence-room.6", user: "7", info: Self.ann)
            _ = try await watcher.joinPresence("presence-room.6", user: "8")
            #expect(try await member.expect("pusher_internal:member_added", on: "presence-room.6")["user_id"] == "8")
            paused.child.signal(SIGSTOP)
            let removed: JSONValue
            do {
                removed = try await watcher.expect("pusher_internal:member_removed", on: "presence-room.6", timeout: .seconds(30))
            } catch {
                paused.child.signal(SIGCONT)
                throw error
            }
            paused.child.signal(SIGCONT)
            #expect(removed == ["user_id": "7"])
            // Its connection is alive: its next heartbeat finds its key expired and joins it again, for everyone.
            #expect(try await watcher.expect("pusher_internal:member_added", on: "presence-room.6", timeout: .seconds(10))
                    == ["user_id": "7", "user_info": ["name": "Ann"]])
            #expect(try await member.expect("pusher_internal:member_removed", on: "presence-room.6") == ["user_id": "7"])
            #expect(try await member.expect("pusher_internal:member_added", on: "presence-room.6")["user_id"] == "7")
            let users = try await PusherAPI(port: staying.port).get200("channels/presence-room.6/users")
            #expect(users == ["users": [["id": "7"], ["id": "8"]]])
        }
    }

    @Test("a node stopped with SIGTERM removes its members as it stops, not a TTL later")
    func gracefulStop() async throws {
        try await BridgeCluster.run { cluster in
            let (leaving, staying) = try await Self.twoNodes(cluster)
            let member = try await PusherClient.connect(port: leaving.port)
            let watcher = try await PusherClient.connect(port: staying.port)
            defer { member.close(); watcher.close() }
            _ = try await member.joinPresence("presence-room.4", user: "5")
            _ = try await watcher.joinPresence("presence-room.4", user: "6")
            let started = ContinuousClock.now
            await leaving.stop()
            #expect(try await watcher.expect("pusher_internal:member_removed", on: "presence-room.4", timeout: .seconds(10))
                    == ["user_id": "5"])
            #expect(ContinuousClock.now - started < .seconds(10), "the TTL (15 s) did it, not the stopping node")
        }
    }

    @Test("a node restarted with the same BRIDGE_NODE_ID after SIGKILL first removes what it held")
    func restartWithSameId() async throws {
        try await BridgeCluster.run { cluster in
            let (crashing, staying) = try await Self.twoNodes(cluster)
            let member = try await PusherClient.connect(port: crashing.port)
            let watcher = try await PusherClient.connect(port: staying.port)
            defer { member.close(); watcher.close() }
            _ = try await member.joinPresence("presence-room.5", user: "5")
            _ = try await watcher.joinPresence("presence-room.5", user: "6")
            await crashing.kill()
            let started = ContinuousClock.now
            let environment = BridgeConfiguration.standard.environment(redisURL: cluster.redis.url)
            let restarted = try await cluster.start(flags: PusherTestApp.configuration.flags + ["--node-id", "41"], environment: environment)
            #expect(try await watcher.expect("pusher_internal:member_removed", on: "presence-room.5", timeout: .seconds(10))
                    == ["user_id": "5"])
            #expect(ContinuousClock.now - started < .seconds(12), "the TTL (15 s) did it, not the restarted node")
            // The restarted node's own connections join as usual.
            let again = try await PusherClient.connect(port: restarted.port)
            defer { again.close() }
            #expect(PusherClient.ids(try await again.joinPresence("presence-room.5", user: "5")) == ["5", "6"])
        }
    }

    @Test("terminate_connections closes the user's connections on every node with 4009")
    func terminateAcrossNodes() async throws {
        try await BridgeCluster.run { cluster in
            let (first, second) = try await Self.twoNodes(cluster)
            let target1 = try await PusherClient.connect(port: first.port)
            let target2 = try await PusherClient.connect(port: second.port)
            let other = try await PusherClient.connect(port: second.port)
            defer { target1.close(); target2.close(); other.close() }
            _ = try await other.joinPresence("presence-room.3", user: "10")
            _ = try await target1.joinPresence("presence-room.3", user: "9")
            #expect(try await other.expect("pusher_internal:member_added", on: "presence-room.3")["user_id"] == "9")
            _ = try await target2.joinPresence("presence-room.3", user: "9")

            let response = try await PusherAPI(port: first.port).terminate("9")
            #expect(response.status == 200, "\(response.text)")
            for target in [target1, target2] {
                let error = try await target.next()
                #expect(error["event"] == "pusher:error")
                #expect(error["data"]?["code"] == 4009)
                #expect(try await target.ws.closeCode() == 4009)
            }
            #expect(try await other.expect("pusher_internal:member_removed", on: "presence-room.3") == ["user_id": "9"])
            try await Self.expectNothing([other], on: "presence-room.3", port: first.port)
        }
    }
}
