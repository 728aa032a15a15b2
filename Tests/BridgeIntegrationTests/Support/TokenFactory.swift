import Foundation
import JWTKit

/// Mints session tokens the way php-listener does (HS256 JWT with sub/roles/exp), and forges the
/// bad ones docs/protocol.md lists: other algorithms, `none`, missing claims, future `nbf`, tampering.
struct TokenFactory: Sendable {
    let secret: String

    struct Claims: JWTPayload, Equatable {
        var sub: String?
        var roles: [String]?
        var exp: Int?
        var nbf: Int?
        var name: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    /// Claims for `user` valid for `ttl` seconds from now.
    static func claims(user: String, roles: [String]? = [], ttl: Int = 3600, name: String? = nil) -> Claims {
        Claims(sub: user, roles: roles, exp: now() + ttl, nbf: nil, name: name)
    }

    /// A valid HS256 token for `user`.
    func token(user: String, roles: [String]? = [], ttl: Int = 3600) async throws -> String {
        try await sign(Self.claims(user: user, roles: roles, ttl: ttl))
    }

    /// Signs `claims` with HMAC over `digest` (HS256 by default) using `key` (default: the secret).
    func sign(_ claims: Claims, digest: DigestAlgorithm = .sha256, key: String? = nil) async throws -> String {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: key ?? secret), digestAlgorithm: digest)
        return try await keys.sign(claims)
    }

    /// Claims whose `sub` is a JSON number, as some PHP JWT libraries write it.
    struct NumericSubjectClaims: JWTPayload {
        var sub: Int
        var exp: Int

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A valid HS256 token whose `sub` is the number `user`.
    func token(numericUser user: Int, ttl: Int = 3600) async throws -> String {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(NumericSubjectClaims(sub: user, exp: Self.now() + ttl))
    }

    /// An unsigned token with `"alg":"none"`.
    func unsigned(_ claims: Claims) throws -> String {
        let header = Self.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = Self.base64URL(Array(try JSONEncoder().encode(claims)))
        return "\(header).\(payload)."
    }

    /// A correctly signed token whose payload was then changed (`sub` swapped), keeping the signature.
    func tampered(user: String, into otherUser: String) async throws -> String {
        let original = try await token(user: user, roles: ["admin"])
        let parts = original.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw SupportError("unexpected JWT shape \(original)") }
        let forged = Self.claims(user: otherUser, roles: ["admin"])
        let payload = Self.base64URL(Array(try JSONEncoder().encode(forged)))
        return "\(parts[0]).\(payload).\(parts[2])"
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
