import Foundation
import Testing

/// docs/pusher.md#presence-channels, "Order": members joining at the same moment on two nodes.
/// A node may read another member's `member_added` from the log before the answer to its own
/// join reaches the connection; that event must still follow the members list, exactly once.
@Suite("Pusher: presence joins at once")
struct PusherPresenceJoinRaceTests {
    static let members = 40

    @Test("40 members subscribing at once over two nodes each come to know all 40, each once")
    func joinsAtOnce() async throws {
        try await BridgeCluster.run { cluster in
            let (first, second) = try await PusherPresenceTests.twoNodes(cluster)
            var clients: [PusherClient] = []
            defer { for client in clients { client.close() } }
            for user in 0..<Self.members {
                clients.append(try await PusherClient.connect(port: (user % 2 == 0 ? first : second).port))
            }
            // Every subscription is sent before any answer is read: the joins overlap.
            for (user, client) in clients.enumerated() { try await client.requestPresence("presence-race", user: String(user)) }
            for (user, client) in clients.enumerated() {
                let reply = try await client.next()
                guard reply["event"]?.string == "pusher_internal:subscription_succeeded", let data = reply["data"]?.string,
                      let presence = try JSONValue.parse(data)["presence"] else {
                    Issue.record("member \(user) was answered \(reply)")
                    continue
                }
                var known = Set(PusherClient.ids(presence))
                #expect(known.contains(String(user)))
                while known.count < Self.members {
                    let added: JSONValue
                    do {
                        added = try await client.expect("pusher_internal:member_added", on: "presence-race")
                    } catch {
                        let missing = (0..<Self.members).map(String.init).filter { !known.contains($0) }
                        Issue.record("member \(user) never heard of \(missing) (\(error))")
                        break
                    }
                    let id = added["user_id"]?.string ?? "?"
                    #expect(known.insert(id).inserted, "member \(user) heard of \(id) twice")
                }
            }
        }
    }
}
