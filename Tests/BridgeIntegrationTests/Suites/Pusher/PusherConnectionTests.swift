import Foundation
import Testing

/// docs/pusher.md#connection: `/app/{key}` speaks Pusher protocol 7 on the bridge's port.
@Suite("Pusher: connection", .serialized, .stack(PusherTestApp.configuration))
struct PusherConnectionTests {
    @Test("connection_established carries a socket_id like 1234.5678 and activity_timeout 120; ids differ")
    func established() async throws {
        let stack = try Stack.require()
        let ws = try await RawWebSocket.connect(port: stack.port, path: "/app/\(PusherTestApp.key)?protocol=7")
        defer { ws.close() }
        #expect(ws.status == 101)
        let first = try await ws.nextText()
        #expect(first["event"] == "pusher:connection_established")
        let data = try JSONValue.parse(try #require(first["data"]?.string))
        let socketId = try #require(data["socket_id"]?.string)
        #expect(socketId.wholeMatch(of: /\d+\.\d+/) != nil, "socket_id \(socketId)")
        #expect(data["activity_timeout"]?.int == 120)
        let other = try await PusherClient.connect(port: stack.port)
        defer { other.close() }
        #expect(other.socketId != socketId)
    }

    @Test("pusher:ping is answered with pusher:pong")
    func pingPong() async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        try await client.send(["event": "pusher:ping", "data": [:]])
        #expect(try await client.next()["event"] == "pusher:pong")
    }

    @Test("an unknown app key hears pusher:error 4001 and the close code 4001")
    func unknownKey() async throws {
        let ws = try await RawWebSocket.connect(port: try Stack.require().port, path: "/app/not-the-key?protocol=7")
        defer { ws.close() }
        #expect(ws.status == 101)
        let error = try await ws.nextText()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.int == 4001)
        #expect(try await ws.closeCode() == 4001)
    }

    @Test("a missing or unsupported protocol version closes with 4008 or 4007", arguments: [("", 4008), ("?protocol=2", 4007)])
    func protocolVersion(query: String, code: Int) async throws {
        let ws = try await RawWebSocket.connect(port: try Stack.require().port, path: "/app/\(PusherTestApp.key)\(query)")
        defer { ws.close() }
        #expect(try await ws.nextText()["data"]?["code"]?.int == code)
        #expect(try await ws.closeCode().map(Int.init) == code)
    }

    @Test("malformed frames, unknown events and client events on unsubscribed channels get pusher:error with code null; the connection stays",
          arguments: ["not json", #"{"data":{}}"#, #"{"event":"pusher:subscribe","data":{}}"#, #"{"event":"pusher:what","data":{}}"#,
                      #"{"event":"client-typing","channel":"private-a","data":{}}"#])
    func malformed(frame: String) async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        try await client.ws.send(.text(frame))
        let error = try await client.next()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.isNull == true)
        #expect(error["data"]?["message"]?.string?.isEmpty == false)
        try await client.send(["event": "pusher:ping", "data": [:]])
        #expect(try await client.next()["event"] == "pusher:pong")
    }

    @Test("public channels and correctly signed private and private-encrypted channels are subscribed",
          arguments: ["tickets", "private-orders.1", "private-encrypted-orders.1"])
    func subscribed(channel: String) async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        let reply = try await client.subscribe(channel)
        #expect(reply["event"] == "pusher_internal:subscription_succeeded")
        #expect(reply["channel"]?.string == channel)
    }

    @Test("a private channel with a wrong, foreign or missing signature gets subscription_error 401")
    func badSignature() async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        let wrongSocket = PusherTestApp.auth(socketId: "1.1", channel: "private-orders.1")
        for auth in [wrongSocket, "other-key:\(String(repeating: "0", count: 64))", ""] {
            let reply = try await client.subscribe("private-orders.1", auth: auth)
            #expect(reply["event"] == "pusher:subscription_error")
            #expect(reply["channel"] == "private-orders.1")
            #expect(reply["data"]?["status"]?.int == 401)
            #expect(reply["data"]?["type"] == "AuthError")
        }
    }

    @Test("a presence subscription without channel_data is refused, invalid names as invalid")
    func refusedSubscriptions() async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        let presence = try await client.subscribe("presence-room.1", auth: "x:y")
        #expect(presence["event"] == "pusher:subscription_error")
        #expect(presence["data"]?["type"] == "InvalidChannelData")
        let invalid = try await client.subscribe("bad channel")
        #expect(invalid["data"]?["status"]?.int == 400)
    }
}
