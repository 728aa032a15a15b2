import Foundation
import JWTKit

/// The claims of a session token (docs/protocol.md#frames): `sub`, optional `roles`, required `exp`, optional
/// `nbf` and `name`.
struct SessionClaims: JWTPayload {
    var sub: JSONValue
    var roles: [String]?
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?
    var name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }
}
