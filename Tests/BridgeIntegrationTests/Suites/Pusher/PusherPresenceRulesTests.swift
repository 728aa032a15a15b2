import Foundation
import Testing

/// docs/pusher.md#presence-channels on one node: what a presence subscription needs, and its limits.
@Suite("Pusher: presence rules", .serialized, .stack(PusherTestApp.configuration))
struct PusherPresenceRulesTests {
    static func error(_ reply: JSONValue) -> (type: String?, status: Int?) {
        (reply["data"]?["type"]?.string, reply["data"]?["status"]?.int)
    }

    @Test("a wrong signature, no channel_data, no user_id or user_info over 1 KiB are refused")
    func refusals() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        let signedForOther = try await client.subscribePresence("presence-a", user: "1",
                                                                 auth: PusherTestApp.presenceAuth(socketId: client.socketId, channel: "presence-a",
                                                                                                  channelData: PusherTestApp.channelData(user: "2")))
        #expect(signedForOther["event"] == "pusher:subscription_error")
        #expect(Self.error(signedForOther) == ("AuthError", 401))
        try await client.send(["event": "pusher:subscribe", "data": ["channel": "presence-a", "auth": "x:y"]])
        #expect(Self.error(try await client.next()) == ("InvalidChannelData", 400))
        #expect(Self.error(try await client.subscribePresence("presence-a", user: "", channelData: #"{"user_info":{}}"#))
                == ("InvalidChannelData", 400))
        let big = JSONValue.object(["bio": .string(String(repeating: "x", count: 1100))])
        #expect(Self.error(try await client.subscribePresence("presence-a", user: "1", info: big)) == ("LimitReached", 413))
        // Nothing was joined: the channel has no members.
        #expect(try await PusherAPI(port: stack.port).get200("channels/presence-a/users") == ["users": []])
    }

    @Test("a number user_id is the same user as its string, sent as a string")
    func numericUserId() async throws {
        let stack = try Stack.require()
        let a = try await PusherClient.connect(port: stack.port)
        let b = try await PusherClient.connect(port: stack.port)
        defer { a.close(); b.close() }
        let data = #"{"user_id":5,"user_info":{"n":1}}"#
        let reply = try await a.subscribePresence("presence-b", user: "", channelData: data)
        #expect(reply["data"]?.string.flatMap { try? JSONValue.parse($0) } == ["presence": ["ids": ["5"], "hash": ["5": ["n": 1]], "count": 1]])
        let again = try await b.joinPresence("presence-b", user: "5", info: ["n": 1])
        #expect(again["count"] == 1)
        try await stack.pusherExpectNothing(a, markerChannel: "presence-b")
    }

    @Test("subscribe, unsubscribe and subscribe again at once: a members list per answered subscribe, and the member stays")
    func resubscribeWhileJoining() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        let data = PusherTestApp.channelData(user: "3")
        let auth = PusherTestApp.presenceAuth(socketId: client.socketId, channel: "presence-c", channelData: data)
        let subscribe: JSONValue = ["event": "pusher:subscribe", "data": ["channel": "presence-c", "auth": .string(auth), "channel_data": .string(data)]]
        try await client.send(subscribe)
        try await client.send(["event": "pusher:unsubscribe", "data": ["channel": "presence-c"]])
        try await client.send(subscribe)
        #expect(try await client.next()["event"] == "pusher_internal:subscription_succeeded")
        // The first subscribe is answered too when its join completed before the unsubscribe
        // arrived; a join the client replaced while it ran is not answered.
        let marker = "marker-\(UUID().uuidString)"
        try await stack.pusherTrigger("marker", channels: ["presence-c"], data: marker)
        var next = try await client.next()
        if next["event"] == "pusher_internal:subscription_succeeded" { next = try await client.next() }
        #expect(next["event"] == "marker" && next["data"]?.string == marker, "\(next)")
        #expect(try await PusherAPI(port: stack.port).get200("channels/presence-c/users") == ["users": [["id": "3"]]])
    }

    @Test("a client event on a presence channel names its sender's user_id")
    func clientEventUserId() async throws {
        let stack = try Stack.require()
        let sender = try await PusherClient.connect(port: stack.port)
        let peer = try await PusherClient.connect(port: stack.port)
        defer { sender.close(); peer.close() }
        _ = try await peer.joinPresence("presence-d", user: "2")
        _ = try await sender.joinPresence("presence-d", user: "1")
        _ = try await peer.expect("pusher_internal:member_added", on: "presence-d")
        try await sender.whisper("client-typing", on: "presence-d", data: ["n": 1])
        #expect(try await peer.next() == ["event": "client-typing", "channel": "presence-d", "data": #"{"n":1}"#, "user_id": "1"])
        try await stack.pusherExpectNothing(sender, markerChannel: "presence-d")
    }

    @Test("more than 10 presence subscriptions a second on one connection: LimitReached, 429")
    func joinRate() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        try await client.join("lobby")
        let data = PusherTestApp.channelData(user: "4")
        let auth = PusherTestApp.presenceAuth(socketId: client.socketId, channel: "presence-e", channelData: data)
        for _ in 0..<11 {
            try await client.send(["event": "pusher:subscribe", "data": ["channel": "presence-e", "auth": .string(auth), "channel_data": .string(data)]])
            try await client.send(["event": "pusher:unsubscribe", "data": ["channel": "presence-e"]])
        }
        let marker = "marker-\(UUID().uuidString)"
        try await stack.pusherTrigger("marker", channels: ["lobby"], data: marker)
        var refusals: [JSONValue] = []
        while true {
            let frame = try await client.next()
            if frame["event"] == "marker" { break }
            if frame["event"] == "pusher:subscription_error" { refusals.append(frame) }
        }
        #expect(refusals.count == 1, "\(refusals)")
        #expect(refusals.first.map(Self.error) ?? (nil, nil) == ("LimitReached", 429))
    }

    @Test("the 101st member of a presence channel is refused; another connection of a member is not")
    func memberLimit() async throws {
        let stack = try Stack.require()
        var clients: [PusherClient] = []
        defer { for client in clients { client.close() } }
        for user in 1...100 {
            let client = try await PusherClient.connect(port: stack.port)
            clients.append(client)
            let reply = try await client.subscribePresence("presence-full", user: String(user))
            #expect(reply["event"] == "pusher_internal:subscription_succeeded", "member \(user): \(reply)")
        }
        let late = try await PusherClient.connect(port: stack.port)
        clients.append(late)
        #expect(Self.error(try await late.subscribePresence("presence-full", user: "101")) == ("LimitReached", 403))
        let reply = try await late.subscribePresence("presence-full", user: "100")
        #expect(reply["event"] == "pusher_internal:subscription_succeeded")
    }
}
