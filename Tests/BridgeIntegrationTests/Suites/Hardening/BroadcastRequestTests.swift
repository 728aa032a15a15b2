import NIOHTTP1
import Testing

extension Hardening {
    /// `POST /broadcast` with a token: only JSON content types, no CORS on this endpoint at all, and
    /// the bearer scheme matched case-insensitively.
    @Suite("Hardening: /broadcast requests", .serialized, .stack())
    struct BroadcastRequestTests {
        private var body: [UInt8] { Envelope.notification(userIDs: ["nobody"]).bytes }

        @Test("JSON content types, with parameters, are accepted",
              arguments: ["application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"])
        func jsonAccepted(contentType: String) async throws {
            let response = try await Stack.require().postBroadcast(body, contentType: contentType)
            #expect(response.status == 202, "\(contentType): \(response.status) \(response.text)")
        }

        @Test("other content types get 415",
              arguments: ["text/plain", "application/x-www-form-urlencoded", "text/plain;application/json",
                          "application/vnd.foo+json", "multipart/form-data; boundary=x", "application/jsonx"])
        func othersRefused(contentType: String) async throws {
            let response = try await Stack.require().postBroadcast(body, contentType: contentType)
            #expect(response.status == 415, "\(contentType): \(response.status) \(response.text)")
        }

        @Test("no Content-Type gets 415")
        func missingContentType() async throws {
            let stack = try Stack.require()
            let response = try await HTTPClient.request(
                .POST, port: stack.port, path: "/broadcast",
                headers: [("Authorization", "Bearer \(stack.configuration.broadcastToken ?? "")")], body: body)
            #expect(response.status == 415, "\(response.status) \(response.text)")
        }

        @Test("answers carry no Access-Control-Allow-Origin, even for an allowed Origin",
              arguments: ["http://allowed.example", "http://evil.example"])
        func noCORSOnAnswers(origin: String) async throws {
            let stack = try Stack.require()
            let token = stack.configuration.broadcastToken ?? ""
            for (auth, contentType) in [("Bearer \(token)", "application/json"), ("Bearer wrong", "application/json"), ("Bearer \(token)", "text/plain")] {
                let response = try await HTTPClient.request(
                    .POST, port: stack.port, path: "/broadcast",
                    headers: [("Origin", origin), ("Authorization", auth), ("Content-Type", contentType)], body: body)
                #expect(response.header("Access-Control-Allow-Origin") == nil, "\(response.status) to \(origin) carries ACAO")
                if auth.hasSuffix(token) && contentType == "application/json" {
                    #expect(response.status == 202, "the right bearer with an Origin: \(response.status) \(response.text)")
                }
            }
        }

        @Test("a preflight for POST /broadcast gets no Access-Control-Allow-* headers",
              arguments: ["http://allowed.example", "http://evil.example"])
        func noPreflight(origin: String) async throws {
            let stack = try Stack.require()
            let response = try await HTTPClient.request(
                .OPTIONS, port: stack.port, path: "/broadcast",
                headers: [("Origin", origin), ("Access-Control-Request-Method", "POST"),
                          ("Access-Control-Request-Headers", "authorization, content-type")])
            let allowHeaders = response.headers.map(\.name).filter { $0.lowercased().hasPrefix("access-control-allow-") }
            #expect(allowHeaders.isEmpty, "preflight answered \(response.status) with \(allowHeaders)")
        }

        @Test("the bearer scheme matches in any case", arguments: ["Bearer", "bearer", "BEARER", "bEaReR"])
        func schemeCase(scheme: String) async throws {
            let stack = try Stack.require()
            let response = try await stack.postBroadcast(body, authorization: "\(scheme) \(stack.configuration.broadcastToken ?? "")")
            #expect(response.status == 202, "\(scheme): \(response.status) \(response.text)")
        }

        @Test("a wrong or missing token gets 401",
              arguments: ["Bearer wrong-token-of-some-length", "Bearer ", "Basic aXRlc3Q6aXRlc3Q=", "itest-broadcast-token"])
        func wrongToken(authorization: String) async throws {
            let response = try await Stack.require().postBroadcast(body, authorization: authorization)
            #expect(response.status == 401, "\(authorization): \(response.status) \(response.text)")
        }
    }
}
