import Testing

extension Hardening {
    /// `GET /dev/token` of `bridge serve --dev` is for the developer's own pages: a cross-origin
    /// browser request is refused 403 without CORS headers.
    @Suite("Hardening: /dev/token and origins")
    struct DevTokenOriginTests {
        @Test("no Origin or the bridge's own origin: 200; another origin or cross-site: 403", .timeLimit(.minutes(1)))
        func origins() async throws {
            try await BridgeCluster.run { cluster in
                let bridge = try await cluster.start(flags: ["--dev"], environment: ["REDIS_URL": cluster.redis.url])
                func get(_ headers: [(String, String)]) async throws -> HTTPResponse {
                    try await HTTPClient.request(port: bridge.port, path: "/dev/token?user=5", headers: headers)
                }
                let plain = try await get([])
                #expect(plain.status == 200, "no Origin: \(plain.status) \(plain.text)")
                #expect(try plain.json()["token"]?.string?.isEmpty == false)

                let own = try await get([("Origin", "http://127.0.0.1:\(bridge.port)")])
                #expect(own.status == 200, "own origin: \(own.status) \(own.text)")

                for headers in [[("Origin", "http://evil.example")], [("Sec-Fetch-Site", "cross-site")],
                                [("Origin", "http://127.0.0.1:\(bridge.port + 1)")], [("Origin", "null")]] {
                    let refused = try await get(headers)
                    #expect(refused.status == 403, "\(headers): \(refused.status) \(refused.text)")
                    #expect(refused.header("Access-Control-Allow-Origin") == nil, "\(headers): ACAO on the refusal")
                }
            }
        }
    }
}
