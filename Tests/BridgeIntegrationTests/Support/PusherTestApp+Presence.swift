import Crypto
import Foundation
import NIOHTTP1

/// What the test app's secret signs for presence channels and for any HTTP API request
/// (docs/pusher.md#presence-channels, docs/pusher.md#http-api), computed here independently.
extension PusherTestApp {
    /// `channel_data` for `user` as an authorisation endpoint answers it.
    static func channelData(user: String, info: JSONValue = .null) -> String {
        JSONValue.object(["user_id": .string(user), "user_info": info]).text
    }

    /// What an authorisation endpoint answers for a presence channel.
    static func presenceAuth(socketId: String, channel: String, channelData: String) -> String {
        "\(key):\(hmac("\(socketId):\(channel):\(channelData)"))"
    }

    /// The query of a signed request with `method`, `parameters` (signed too) and `body`, as the
    /// Pusher SDKs build it: values percent-encoded in the query, signed as they are.
    static func signedQuery(method: String, path: String, parameters: [String: String] = [:], body: [UInt8] = [],
                            timestamp: Int = Int(Date().timeIntervalSince1970), key: String = key,
                            secretSigner: (String) -> String = hmac) -> String {
        var all = parameters.merging(["auth_key": key, "auth_timestamp": String(timestamp), "auth_version": "1.0"]) { $1 }
        if !body.isEmpty { all["body_md5"] = Insecure.MD5.hash(data: Data(body)).map { String(format: "%02x", $0) }.joined() }
        let sorted = all.sorted { $0.key < $1.key }
        let signed = sorted.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let encoded = sorted.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }
            .joined(separator: "&")
        return "\(encoded)&auth_signature=\(secretSigner("\(method)\n\(path)\n\(signed)"))"
    }
}

/// The Pusher HTTP API of one bridge, signed as the SDKs sign it.
struct PusherAPI {
    let port: Int

    /// `GET /apps/{id}/{endpoint}` with `parameters`; the status and the JSON body.
    func get(_ endpoint: String, _ parameters: [String: String] = [:], signer: (String) -> String = PusherTestApp.hmac) async throws -> (Int, JSONValue) {
        let path = "/apps/\(PusherTestApp.id)/\(endpoint)"
        let query = PusherTestApp.signedQuery(method: "GET", path: path, parameters: parameters, secretSigner: signer)
        let response = try await HTTPClient.request(port: port, path: "\(path)?\(query)")
        return (response.status, (try? response.json()) ?? .null)
    }

    /// `GET`, requiring 200.
    func get200(_ endpoint: String, _ parameters: [String: String] = [:]) async throws -> JSONValue {
        let (status, body) = try await get(endpoint, parameters)
        guard status == 200 else { throw SupportError("GET \(endpoint) answered \(status): \(body)") }
        return body
    }

    /// `POST /apps/{id}/users/{user}/terminate_connections`, as the SDKs send it (body `{}`).
    func terminate(_ user: String) async throws -> HTTPResponse {
        let path = "/apps/\(PusherTestApp.id)/users/\(user)/terminate_connections"
        let body = Array("{}".utf8)
        let query = PusherTestApp.signedQuery(method: "POST", path: path, body: body)
        return try await HTTPClient.request(.POST, port: port, path: "\(path)?\(query)",
                                            headers: [("Content-Type", "application/json")], body: body)
    }
}
