import NIOHTTP1
import Testing

/// docs/protocol.md#http: POST /broadcast with BRIDGE_BROADCAST_TOKEN set.
@Suite("POST /broadcast", .serialized, .stack())
struct BroadcastEndpointTests {
    @Test("202 with accepted and the id; the event is delivered with that id")
    func single() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        let response = try await stack.postBroadcast(Envelope.ticketCreated(requester: 7).bytes)
        #expect(response.status == 202)
        let body = try response.json()
        #expect(body["accepted"] == 1)
        let id = try #require(body["ids"]?[0]?.string)
        #expect(try await session.next()["id"]?.string == id)
    }

    @Test("a batch {messages:[…]} gets consecutive ids, delivered in order")
    func batch() async throws {
        let stack = try Stack.require()
        let session = try await stack.session("7")
        defer { session.close() }
        let batch: JSONValue = ["messages": [Envelope.notification(userIDs: [7]), Envelope.ticketCreated(requester: 7),
                                             Envelope.notification(userIDs: [7])]]
        let response = try await stack.postBroadcast(batch.bytes)
        #expect(response.status == 202)
        let body = try response.json()
        #expect(body["accepted"] == 3)
        let ids = (body["ids"]?.array ?? []).compactMap { EventID($0.string) }
        #expect(ids.count == 3)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "ids in order: \(ids)")
        for id in ids { #expect(try await session.next()["id"]?.string == id.description) }
    }

    @Test("400 with error (and field for a missing field) for bodies that are not envelopes",
          arguments: BadBroadcast.allCases)
    func badRequest(kind: BadBroadcast) async throws {
        let stack = try Stack.require()
        let response = try await stack.postBroadcast(kind.body)
        #expect(response.status == 400, "\(kind): \(response.status) \(response.text)")
        let body = try response.json()
        #expect(body["error"]?.string?.isEmpty == false)
        if let field = kind.field {
            // The dotted path, relative to `data` as in docs/protocol.md#who-receives-what's table or from the envelope's root.
            #expect(body["field"]?.string == field || body["field"]?.string == "data.\(field)", "\(body)")
        }
    }

    @Test("401 for Basic, a wrong bearer token, or none", arguments: ["Basic aXRlc3Q6aXRlc3Q=", "Bearer wrong-token", ""])
    func unauthorized(authorization: String) async throws {
        let stack = try Stack.require()
        var headers = [("Content-Type", "application/json")]
        if !authorization.isEmpty { headers.append(("Authorization", authorization)) }
        let response = try await HTTPClient.request(
            .POST, port: stack.port, path: "/broadcast", headers: headers, body: Envelope.notification().bytes)
        #expect(response.status == 401)
    }

    @Test("413 for a body over 1 MiB (1,048,577 bytes); exactly 1,048,576 bytes is accepted")
    func tooLarge() async throws {
        let stack = try Stack.require()
        #expect(try await stack.postBroadcast(Envelope.padded(toBytes: 1_048_577).bytes).status == 413)
        #expect(try await stack.postBroadcast(Envelope.padded(toBytes: 1_048_576).bytes).status == 202)
    }

    @Test("a JSON content type with parameters is accepted")
    func contentTypeWithCharset() async throws {
        let stack = try Stack.require()
        let response = try await stack.postBroadcast(
            Envelope.notification().bytes, contentType: "application/json; charset=utf-8")
        #expect(response.status == 202, "\(response.status) \(response.text)")
    }

    @Test("415 for a non-JSON content type")
    func unsupportedMediaType() async throws {
        let stack = try Stack.require()
        #expect(try await stack.postBroadcast(Envelope.notification().bytes, contentType: "text/plain").status == 415)
    }

    @Test("an unknown listener type is accepted")
    func unknownTypeAccepted() async throws {
        let stack = try Stack.require()
        let envelope = Envelope.listener("invoice_paid", ["invoice": ["id": 1]], audience: ["users": [7]])
        #expect(try await stack.postBroadcast(envelope.bytes).status == 202)
    }
}
