import JWTKit
import Testing

/// The kinds of token docs/protocol.md says must be refused with 4001.
enum BadToken: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case wrongKey, hs384, hs512, algNone, noExp, noSub, futureNbf, expired, tampered, garbage

    var testDescription: String { rawValue }

    func make(_ tokens: TokenFactory) async throws -> String {
        let valid = TokenFactory.claims(user: "5", roles: ["admin"])
        switch self {
        case .wrongKey: return try await tokens.sign(valid, key: "another-secret-of-enough-length-0123456789")
        case .hs384: return try await tokens.sign(valid, digest: .sha384)
        case .hs512: return try await tokens.sign(valid, digest: .sha512)
        case .algNone: return try tokens.unsigned(valid)
        case .noExp: return try await tokens.sign(.init(sub: "5", roles: ["admin"]))
        case .noSub: return try await tokens.sign(.init(sub: nil, roles: ["admin"], exp: TokenFactory.now() + 600))
        case .futureNbf:
            return try await tokens.sign(.init(sub: "5", exp: TokenFactory.now() + 600, nbf: TokenFactory.now() + 300))
        case .expired: return try await tokens.sign(.init(sub: "5", exp: TokenFactory.now() - 10))
        case .tampered: return try await tokens.tampered(user: "5", into: "1")
        case .garbage: return "not-a-jwt"
        }
    }
}
