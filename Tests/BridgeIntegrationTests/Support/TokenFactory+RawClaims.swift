import Foundation
import JWTKit

extension TokenFactory {
    /// Any JSON object as a JWT payload, so a test can sign claims no typed struct would hold:
    /// `exp` of 1e19 or 1e300, a negative `nbf`, an `iat`, a huge `name`.
    struct RawClaims: JWTPayload {
        var members: [String: JSONValue]

        init(_ members: [String: JSONValue]) {
            self.members = members
        }

        init(from decoder: any Decoder) throws {
            members = try [String: JSONValue](from: decoder)
        }

        func encode(to encoder: any Encoder) throws {
            try members.encode(to: encoder)
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A validly signed HS256 token (this factory's secret) carrying exactly `claims`.
    func sign(raw claims: [String: JSONValue]) async throws -> String {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(RawClaims(claims))
    }

    /// The payload part of `token`, decoded, to check what a test actually signed.
    static func payload(of token: String) throws -> JSONValue {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw SupportError("not a JWT: \(token.prefix(80))") }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { throw SupportError("payload is not base64url") }
        return try JSONValue.parse(Array(data))
    }
}
