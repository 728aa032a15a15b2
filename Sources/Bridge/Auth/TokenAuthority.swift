import Foundation
import JWTKit

/// Verifies and mints HS256 session tokens with `BRIDGE_SECRET` (through jwt-kit).
public struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    private let policy: TokenPolicy

    /// `secret` must be at least 32 bytes; the configuration checks that before this is built.
    /// Tokens living longer than `maxLifetime` seconds are refused and never minted.
    public init(secret: String, maxLifetime: Int = 604_800) async {
        keys = JWTKeyCollection()
        policy = TokenPolicy(maxLifetime: maxLifetime)
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// The identity in `token`, or why it is refused (over 8 KiB, wrong key or algorithm, no `exp`
    /// or `sub`, expired, not yet valid, tampered, a time claim that is no date, too long a life).
    func verify(_ token: String) async throws(TokenError) -> SessionIdentity {
        guard token.utf8.count <= TokenPolicy.maxTokenBytes else {
            throw TokenError("token is over \(TokenPolicy.maxTokenBytes) bytes")
        }
        guard Self.algorithm(of: token) == "HS256" else {
            throw TokenError("token must be signed with HS256")
        }
        let claims: SessionClaims
        do {
            claims = try await keys.verify(token, as: SessionClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw TokenError("token is expired or not yet valid")
        } catch {
            throw TokenError("token is invalid: wrong signature, or missing sub/exp")
        }
        try policy.check(claims, now: Date().timeIntervalSince1970)
        guard let user = claims.sub.idString else { throw TokenError("token has no usable sub") }
        return SessionIdentity(userId: user, roles: Set(claims.roles ?? []), name: claims.name,
                               expiresAt: Int64(claims.exp.value.timeIntervalSince1970))
    }

    /// A token for `user` with `roles`, valid for `lifetime` seconds (at most the maximum).
    public func mint(user: String, roles: [String], name: String? = nil, lifetime: Int) async throws -> String {
        guard (1...policy.maxLifetime).contains(lifetime) else {
            throw TokenError("a token lifetime must be 1 to \(policy.maxLifetime) s (BRIDGE_MAX_TOKEN_TTL)")
        }
        let now = Date()
        let claims = SessionClaims(sub: .string(user), roles: roles,
                                   exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
                                   nbf: nil, iat: IssuedAtClaim(value: now), name: name)
        return try await keys.sign(claims)
    }

    /// The `alg` of a token's header, read before any verification. Works on bytes: it runs for
    /// every connection, and Foundation's string replacing cost more than the signature check.
    static func algorithm(of token: String) -> String? {
        var base64 = token.utf8.prefix { $0 != UInt8(ascii: ".") }.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        base64.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - base64.count % 4) % 4))
        guard let data = Data(base64Encoded: Data(base64)),
              let header = try? JSONDecoder().decode(TokenHeader.self, from: data) else { return nil }
        return header.alg
    }

    private struct TokenHeader: Decodable {
        let alg: String?
    }
}
