import Foundation
import Testing

/// docs/pusher.md#http-api: signed `POST /apps/{id}/events` and `/batch_events`, Pusher's limits.
@Suite("Pusher: HTTP API", .serialized,
       .stack(PusherTestApp.configuration.with { $0.flags += ["--pusher-max-data", "1000"] }))
struct PusherHTTPAPITests {
    @Test("a signed event reaches the subscribers of each channel with its data unchanged, except socket_id")
    func trigger() async throws {
        let stack = try Stack.require()
        let a = try await PusherClient.connect(port: stack.port)
        let b = try await PusherClient.connect(port: stack.port)
        defer { a.close(); b.close() }
        try await a.join("private-room.1")
        try await b.join("private-room.1")
        let response = try await stack.pusherPost(body: ["name": "message", "channels": ["private-room.1"],
                                                        "data": #"{"text": "hi" }"#])
        #expect(response.status == 200)
        #expect(try response.json() == [:])
        for client in [a, b] {
            let frame = try await client.next()
            #expect(frame == ["event": "message", "channel": "private-room.1", "data": #"{"text": "hi" }"#])
        }
        try await stack.pusherTrigger("message", channels: ["private-room.1"], data: "again", socketId: a.socketId)
        #expect(try await b.next()["data"] == "again")
        try await stack.pusherExpectNothing(a, markerChannel: "private-room.1")
    }

    @Test("batch_events delivers each event of the batch in order")
    func batch() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        try await client.join("news")
        let response = try await stack.pusherPost("batch_events", body: ["batch": [
            ["name": "one", "channel": "news", "data": "1"], ["name": "two", "channel": "news", "data": "2"],
        ]])
        #expect(response.status == 200)
        #expect(try await client.next()["event"] == "one")
        #expect(try await client.next()["event"] == "two")
    }

    @Test("unsigned, wrongly signed, stale or foreign-key requests get 401", arguments: ["none", "wrong", "stale", "key"])
    func unauthorised(kind: String) async throws {
        let stack = try Stack.require()
        let body: JSONValue = ["name": "e", "channel": "news", "data": "x"]
        let path = "/apps/\(PusherTestApp.id)/events"
        let query: String = switch kind {
        case "none": "x=1"
        case "wrong": PusherTestApp.signedQuery(path: path, body: body.bytes).replacingOccurrences(of: "auth_signature=", with: "auth_signature=0")
        case "stale": PusherTestApp.signedQuery(path: path, body: body.bytes, timestamp: Int(Date().timeIntervalSince1970) - 700)
        default: PusherTestApp.signedQuery(path: path, body: body.bytes, key: "other-key")
        }
        let response = try await stack.pusherPost(body: body, query: query)
        #expect(response.status == 401)
        #expect(try response.json()["error"]?.string?.isEmpty == false)
    }

    @Test("Pusher's limits: data over BRIDGE_PUSHER_MAX_DATA 413, 101 channels, 11 events or a 201-character name 400")
    func limits() async throws {
        let stack = try Stack.require()
        #expect(try await stack.pusherPost(body: ["name": "e", "channel": "news", "data": .string(String(repeating: "d", count: 1001))]).status == 413)
        #expect(try await stack.pusherPost(body: ["name": "e", "channel": "news", "data": .string(String(repeating: "d", count: 1000))]).status == 200)
        let channels = JSONValue.array((0...100).map { .string("c\($0)") })
        #expect(try await stack.pusherPost(body: ["name": "e", "channels": channels, "data": "x"]).status == 400)
        let events = JSONValue.array(Array(repeating: ["name": "e", "channel": "news", "data": "x"], count: 11))
        #expect(try await stack.pusherPost("batch_events", body: ["batch": events]).status == 400)
        #expect(try await stack.pusherPost(body: ["name": .string(String(repeating: "n", count: 201)), "channel": "news", "data": "x"]).status == 400)
    }

    @Test("another app id and endpoints Pusher does not have answer 404")
    func notFound() async throws {
        let stack = try Stack.require()
        #expect(try await stack.pusherPost(body: ["name": "e", "channel": "news", "data": "x"], appId: "8").status == 404)
        #expect(try await HTTPClient.request(port: stack.port, path: "/apps/\(PusherTestApp.id)/webhooks").status == 404)
    }
}
