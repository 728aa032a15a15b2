import Foundation
import JWTKit

/// Verifies and mints HS256 session tokens with `BRIDGE_SECRET` (through jwt-kit).
public struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection

    /// `secret` must be at least 32 bytes; the configuration checks that before this is built.
    public init(secret: String) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// The identity in `token`, or why it is refused (wrong key or algorithm, no `exp` or `sub`,
    /// expired, not yet valid, tampered).
    public func verify(_ token: String) async throws(TokenError) -> SessionIdentity {
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
        guard let user = claims.sub.idString else { throw TokenError("token has no usable sub") }
        return SessionIdentity(userId: user, roles: Set(claims.roles ?? []), name: claims.name,
                               expiresAt: Int64(claims.exp.value.timeIntervalSince1970))
    }

    /// A token for `user` with `roles`, valid for `lifetime` seconds.
    public func mint(user: String, roles: [String], name: String? = nil, lifetime: Int) async throws -> String {
        let now = Date()
        let claims = SessionClaims(sub: .string(user), roles: roles,
                                   exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
                                   nbf: nil, iat: IssuedAtClaim(value: now), name: name)
        return try await keys.sign(claims)
    }

    /// The `alg` of a token's header, read before any verification.
    static func algorithm(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let object = try? JSONDecoder().decode([String: JSONValue].self, from: data),
              case .string(let alg)? = object["alg"] else { return nil }
        return alg
    }
}
