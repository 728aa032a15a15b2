/// Mints HS256 session tokens the way php-listener does (docs/protocol.md#tokens: `sub`, `roles`, `exp`, `name`).
public struct TokenMinter: Sendable {
    private let key: [UInt8]
    private static let header = Base64.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), urlSafe: true)

    public init(secret: String) { key = Array(secret.utf8) }

    public func token(user: String, roles: [String], expiresAt: Int) -> String {
        let rolesJSON = roles.map { "\"\($0)\"" }.joined(separator: ",")
        let claims = #"{"sub":"\#(user)","roles":[\#(rolesJSON)],"exp":\#(expiresAt),"name":"bench \#(user)"}"#
        let signingInput = Self.header + "." + Base64.encode(Array(claims.utf8), urlSafe: true)
        let signature = SHA256.hmac(key: key, message: Array(signingInput.utf8))
        return signingInput + "." + Base64.encode(signature, urlSafe: true)
    }
}
