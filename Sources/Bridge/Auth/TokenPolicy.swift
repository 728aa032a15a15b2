import Foundation
import JWTKit

/// The limits a verified token must also meet (docs/security.md, "Tokens"): its size, numeric
/// claims that are real times, and a lifetime no longer than `BRIDGE_MAX_TOKEN_TTL`.
struct TokenPolicy: Sendable {
    /// Tokens longer than this are refused before any parsing.
    static let maxTokenBytes = 8 * 1024
    /// Numeric claims must lie within this many seconds of now (100 years).
    static let claimRange: Double = 100 * 365.25 * 24 * 3600
    /// Clock skew tolerated between the minting host and this one, in seconds.
    static let lifetimeLeeway: Double = 60

    var maxLifetime: Int

    /// Checks the numeric claims of already verified `claims` against `now` (Unix seconds).
    func check(_ claims: SessionClaims, now: Double) throws(TokenError) {
        let exp = claims.exp.value.timeIntervalSince1970
        let times = [exp, claims.nbf?.value.timeIntervalSince1970, claims.iat?.value.timeIntervalSince1970]
        for case let time? in times where !time.isFinite || abs(time - now) > Self.claimRange {
            throw TokenError("token has a time claim (exp, nbf or iat) that is not a date within 100 years")
        }
        let longest = Double(maxLifetime) + Self.lifetimeLeeway
        let issued = claims.iat?.value.timeIntervalSince1970 ?? now
        guard exp - issued <= longest, exp - now <= longest else {
            throw TokenError("token lifetime is over BRIDGE_MAX_TOKEN_TTL (\(maxLifetime) s); mint a shorter-lived token")
        }
    }
}
