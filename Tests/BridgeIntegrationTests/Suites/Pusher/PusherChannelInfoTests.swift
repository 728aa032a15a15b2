import Foundation
import Testing

/// docs/pusher.md#channel-information: the information endpoints count every node's connections.
@Suite("Pusher: channel information across nodes")
struct PusherChannelInfoTests {
    @Test("channels, channel and users answer for the whole cluster, with Pusher's 400s and 401")
    func endpoints() async throws {
        try await BridgeCluster.run { cluster in
            let (first, second) = try await PusherPresenceTests.twoNodes(cluster)
            var clients: [PusherClient] = []
            defer { for client in clients { client.close() } }
            for port in [first.port, second.port, second.port] {
                let client = try await PusherClient.connect(port: port)
                clients.append(client)
                try await client.join("news")
            }
            _ = try await clients[0].joinPresence("presence-desk", user: "1")
            _ = try await clients[1].joinPresence("presence-desk", user: "2")
            _ = try await clients[2].joinPresence("presence-desk", user: "2")
            let api = PusherAPI(port: first.port)

            // The other node's subscriptions arrive with its next report (every 2 s).
            let news = try await Eventually.value(within: .seconds(10), every: .milliseconds(200)) { () async throws -> JSONValue? in
                let body = try await api.get200("channels/news", ["info": "subscription_count"])
                guard body["subscription_count"] == 3 else { return Optional<JSONValue>.none }
                return body
            }
            let last = try await api.get200("channels/news", ["info": "subscription_count"])
            #expect(news == ["occupied": true, "subscription_count": 3], "last answer: \(last)")
            #expect(try await api.get200("channels/presence-desk", ["info": "user_count,subscription_count"])
                    == ["occupied": true, "user_count": 2, "subscription_count": 3])
            #expect(try await api.get200("channels/quiet") == ["occupied": false])
            #expect(try await api.get200("channels/presence-desk/users") == ["users": [["id": "1"], ["id": "2"]]])

            let all = try await api.get200("channels")
            #expect(all["channels"]?["news"] == [:])
            #expect(all["channels"]?["presence-desk"] == [:])
            #expect(try await api.get200("channels", ["filter_by_prefix": "presence-", "info": "user_count"])
                    == ["channels": ["presence-desk": ["user_count": 2]]])
            #expect(try await api.get200("channels", ["filter_by_prefix": "ne", "info": "subscription_count"])
                    == ["channels": ["news": ["subscription_count": 3]]])

            #expect(try await api.get("channels", ["info": "user_count"]).0 == 400)
            #expect(try await api.get("channels/news", ["info": "user_count"]).0 == 400)
            #expect(try await api.get("channels/news/users").0 == 400)
            #expect(try await api.get("channels", ["info": "colour"]).0 == 400)
            let (status, body) = try await api.get("channels", signer: { _ in String(repeating: "0", count: 64) })
            #expect(status == 401)
            #expect(body["error"]?.string?.isEmpty == false)
        }
    }
}
