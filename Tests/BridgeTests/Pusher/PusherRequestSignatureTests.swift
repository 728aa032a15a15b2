@testable import Bridge
import Testing

/// docs/pusher.md#http-api: a request is accepted only with this app's key, a timestamp within
/// 600 s, version 1.0, the body's MD5 and the right signature; each refusal says which.
@Suite("Pusher request signing")
struct PusherRequestSignatureTests {
    static let app = PusherApp(id: "3", key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8")
    static let body = Array(#"{"name":"foo","channels":["a"],"data":"{}"}"#.utf8)
    static let now: Int64 = 1_700_000_000

    /// A query as the Pusher SDKs sign it.
    static func signed(timestamp: Int64 = now, body: [UInt8] = body, path: String = "/apps/3/events",
                       change: (inout [String: String]) -> Void = { _ in }) -> [String: String] {
        var query = ["auth_key": app.key, "auth_timestamp": String(timestamp), "auth_version": "1.0"]
        if !body.isEmpty { query["body_md5"] = PusherSignature.md5(body) }
        change(&query)
        query["auth_signature"] = PusherSignature.hex(PusherRequestSignature.stringToSign(method: "POST", path: path, query: query),
                                                      secret: app.secret)
        return query
    }

    func refusal(_ query: [String: String], body: [UInt8] = body, path: String = "/apps/3/events") -> String? {
        PusherRequestSignature(app: Self.app).refusal(method: "POST", path: path, query: query, body: body, now: Self.now)
    }

    @Test("a correctly signed request passes, with or without a body")
    func accepted() {
        #expect(refusal(Self.signed()) == nil)
        #expect(refusal(Self.signed(body: []), body: []) == nil)
        #expect(refusal(Self.signed(timestamp: Self.now - 600)) == nil)
        #expect(refusal(Self.signed(timestamp: Self.now + 600)) == nil)
    }

    @Test("each broken part is refused and named")
    func refused() {
        #expect(refusal(Self.signed(timestamp: Self.now - 601))?.contains("auth_timestamp") == true)
        #expect(refusal(Self.signed(timestamp: Self.now + 601))?.contains("clock") == true)
        #expect(refusal(Self.signed { $0["auth_key"] = "other" })?.contains("auth_key") == true)
        #expect(refusal(Self.signed { $0["auth_version"] = "2.0" })?.contains("auth_version") == true)
        #expect(refusal(Self.signed { $0.removeValue(forKey: "body_md5") })?.contains("body_md5") == true)
        #expect(refusal(Self.signed(), body: Array(#"{"name":"bar"}"#.utf8))?.contains("body_md5") == true)
        #expect(refusal(Self.signed(), path: "/apps/4/events")?.contains("auth_signature") == true)
        var tampered = Self.signed()
        tampered["auth_signature"] = String(repeating: "0", count: 64)
        #expect(refusal(tampered)?.contains("auth_signature") == true)
        var unsigned = Self.signed()
        unsigned.removeValue(forKey: "auth_signature")
        #expect(refusal(unsigned)?.contains("auth_signature is missing") == true)
    }

    @Test("extra query parameters are signed too")
    func extraParameters() {
        let query = Self.signed { $0["info"] = "subscription_count" }
        #expect(refusal(query) == nil)
        var changed = query
        changed["info"] = "user_count"
        #expect(refusal(changed) != nil)
    }
}
