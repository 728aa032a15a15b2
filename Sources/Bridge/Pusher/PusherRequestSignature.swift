/// Checks the signature of a Pusher HTTP API request (docs/pusher.md#http-api): `auth_key` is the
/// app key, `auth_timestamp` within 600 s of now, `auth_version=1.0`, `body_md5` the body's MD5
/// when there is a body, and `auth_signature` the HMAC-SHA256 of
/// `METHOD\npath\n<every other query parameter, keys lowercased, sorted, key=value joined by &>`.
struct PusherRequestSignature: Sendable {
    /// How far `auth_timestamp` may be from the server's clock, in seconds.
    static let maxClockSkew: Int64 = 600

    let app: PusherApp

    /// Why the request is refused (a 401), or nil when it is correctly signed. `query` is decoded.
    func refusal(method: String, path: String, query: [String: String], body: [UInt8], now: Int64) -> String? {
        guard let key = query["auth_key"], PusherSignature.same(key, app.key) else {
            return "auth_key is missing or not this app's key (PUSHER_APP_KEY)"
        }
        guard let timestamp = query["auth_timestamp"].flatMap({ Int64($0) }) else {
            return "auth_timestamp (Unix seconds) is missing"
        }
        guard abs(now - timestamp) <= Self.maxClockSkew else {
            return "auth_timestamp is \(now - timestamp) s away from the server's clock (at most \(Self.maxClockSkew) s); check the clocks"
        }
        guard query["auth_version"] == "1.0" else { return "auth_version must be 1.0" }
        if !body.isEmpty {
            guard let md5 = query["body_md5"], PusherSignature.same(md5.lowercased(), PusherSignature.md5(body)) else {
                return "body_md5 is missing or is not the MD5 of the body"
            }
        }
        guard let signature = query["auth_signature"] else { return "auth_signature is missing" }
        let expected = PusherSignature.hex(Self.stringToSign(method: method, path: path, query: query), secret: app.secret)
        guard PusherSignature.same(signature.lowercased(), expected) else {
            return "invalid auth_signature: expected the HMAC-SHA256 of the method, path and sorted query under PUSHER_APP_SECRET"
        }
        return nil
    }

    /// The signed text of a request.
    static func stringToSign(method: String, path: String, query: [String: String]) -> String {
        let parameters = query.filter { $0.key.lowercased() != "auth_signature" }
            .map { (key: $0.key.lowercased(), value: $0.value) }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
        return "\(method.uppercased())\n\(path)\n\(parameters)"
    }
}
