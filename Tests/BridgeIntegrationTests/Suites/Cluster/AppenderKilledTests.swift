import Foundation
import Testing

extension ClusterTests {
    /// README.md, "What the bridge does": every node offers each publication to the log (a seen key
    /// per publication dedups), so a node killed mid-stream loses nothing the others received.
    @Suite("The appending node killed mid-stream")
    struct AppenderKilledTests {
        static let total = 600
        static let perSecond = 200.0

        @Test("600 PUBLISHes at 200/s, node A SIGKILLed a third of the way: sessions on B and C get every one once, in order",
              .timeLimit(.minutes(2)))
        func killAppender() async throws {
            try await ClusterNodes.run { nodes in
                let (a, b, c) = (nodes.nodes[0], nodes.nodes[1], nodes.nodes[2])
                var sessions: [Session] = []
                defer { sessions.forEach { $0.close() } }
                sessions.append(try await nodes.session("5", on: b))
                sessions.append(try await nodes.session("6", on: b))
                sessions.append(try await nodes.session("7", roles: ["technician"], on: b))
                sessions.append(try await nodes.session("5", on: c))
                sessions.append(try await nodes.session("8", roles: ["admin"], on: c))

                // Every node is subscribed (each answers /ready only then), so A may be the one whose
                // script appends; it is killed without any shutdown.
                let published = (0..<Self.total).map { _ in Envelope.uniqueID() }
                let start = ContinuousClock.now
                var killedAt: Int?
                for (index, id) in published.enumerated() {
                    let due = start.advanced(by: .seconds(Double(index) / Self.perSecond))
                    if ContinuousClock.now < due { try await Task.sleep(until: due, clock: .continuous) }
                    try await nodes.redis.publish(channel: "ict.events", json: Envelope.notification(id: id))
                    if index == Self.total / 3 {
                        let status = await a.kill()
                        #expect(status.map(Int.init) == 137, "node A did not die of SIGKILL: \(status.map(String.init) ?? "still running")")
                        killedAt = index
                    }
                }
                let publishing = ContinuousClock.now - start
                #expect(killedAt != nil)

                let receivers = sessions
                let arrived = await Eventually.holds(within: .seconds(60), every: .milliseconds(50)) {
                    receivers.allSatisfy { $0.client.inbox.unreadCount >= Self.total }
                }
                let frames = try sessions.map { session in try session.client.inbox.drain().map(JSONValue.parse) }
                #expect(arrived, "after 60 s: \(zip(sessions, frames).map { "user \($0.user): \($1.count)" }) of \(Self.total) (publishing took \(publishing))")

                var idsPerSession: [[String]] = []
                for (session, received) in zip(sessions, frames) {
                    let notifications = received.compactMap { $0["data"]?["notification"]?["id"]?.int }
                    let others = received.filter { $0["type"]?.string != "system_notification_created" }
                    #expect(others.isEmpty, "user \(session.user): frames other than the events: \(others.prefix(3))")
                    #expect(notifications.count == Self.total && notifications == published,
                            "user \(session.user): \(notifications.count) events; first difference at \(Self.firstDifference(notifications, published))")
                    let ids = received.compactMap { $0["id"]?.string }
                    let parsed = ids.compactMap(EventID.init)
                    let increasing = zip(parsed, parsed.dropFirst()).allSatisfy { $0 < $1 }
                    #expect(parsed.count == received.count && increasing, "user \(session.user): ids do not strictly increase: \(ids.prefix(5))…")
                    idsPerSession.append(ids)
                }
                #expect(Set(idsPerSession.map { $0.joined(separator: ",") }).count == 1, "every session on B and C sees the same ids")

                let logged = try await nodes.entries(after: "0-0").compactMap { $0.envelope["data"]?["notification"]?["id"]?.int }
                #expect(logged == published, "the log holds each publication once, in publish order (\(logged.count) entries)")

                for session in sessions { await session.client.expectNoMessage(for: .milliseconds(500), "after the 600 (a duplicate)") }
            }
        }

        private static func firstDifference(_ got: [Int], _ want: [Int]) -> String {
            for index in 0..<max(got.count, want.count) where got[safe: index] != want[safe: index] {
                return "index \(index): got \(got[safe: index].map(String.init) ?? "nothing"), want \(want[safe: index].map(String.init) ?? "nothing")"
            }
            return "none"
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
