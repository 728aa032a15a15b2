import Foundation
import JWTKit
import Testing
@testable import Bridge

/// docs/protocol.md#frames "Tokens and sessions": HS256 with BRIDGE_SECRET; `sub`, `exp` required; `roles`
/// and `name` optional; every other algorithm, key, tampering, expiry and future `nbf` refused.
@Suite("Session tokens")
struct TokenAuthorityTests {
    func authority() async -> TokenAuthority {
        // The fixtures expire in 2100: a maximum lifetime that long lets them through.
        await TokenAuthority(secret: SignedTokens.secret, maxLifetime: 80 * 366 * 86_400)
    }

    @Test("a valid HS256 token gives its sub as a string, its roles, name and exp")
    func valid() async throws {
        let identity = try await authority().verify(SignedTokens.valid)
        #expect(identity == SessionIdentity(userId: "5", roles: ["admin", "technician"], name: "Ann", expiresAt: 4_102_444_800))
    }

    @Test("sub 5 as a number is user \"5\"; roles absent means no roles")
    func integerSubNoRoles() async throws {
        let identity = try await authority().verify(SignedTokens.integerSub)
        #expect(identity.userId == "5")
        #expect(identity.roles.isEmpty)
        #expect(identity.name == nil)
    }

    @Test("nbf in the past is fine")
    func pastNotBefore() async throws {
        #expect(try await authority().verify(SignedTokens.pastNbf).userId == "5")
    }

    @Test("refused tokens", arguments: [
        ("HS384 with the right secret", SignedTokens.hs384),
        ("HS512 with the right secret", SignedTokens.hs512),
        ("alg none", SignedTokens.none),
        ("wrong key", SignedTokens.wrongKey),
        ("no exp", SignedTokens.noExp),
        ("no sub", SignedTokens.noSub),
        ("empty sub", SignedTokens.emptySub),
        ("object sub", SignedTokens.objectSub),
        ("nbf in the future", SignedTokens.futureNbf),
        ("expired", SignedTokens.expired),
        ("tampered payload", SignedTokens.tamperedPayload),
        ("tampered signature", SignedTokens.tamperedSignature),
        ("no signature", SignedTokens.noSignature),
        ("not a JWT", "not-a-token"),
        ("empty", ""),
        ("two parts", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1In0"),
    ])
    func refused(why: String, token: String) async {
        let authority = await authority()
        await #expect(throws: TokenError.self, "\(why)") { try await authority.verify(token) }
    }

    @Test("the algorithm is read from the header before verification")
    func algorithmOfHeader() {
        #expect(TokenAuthority.algorithm(of: SignedTokens.valid) == "HS256")
        #expect(TokenAuthority.algorithm(of: SignedTokens.hs384) == "HS384")
        #expect(TokenAuthority.algorithm(of: SignedTokens.none) == "none")
        #expect(TokenAuthority.algorithm(of: "garbage") == nil)
        #expect(TokenAuthority.algorithm(of: "") == nil)
        #expect(TokenAuthority.algorithm(of: "eyJhbGciOjV9.e30.x") == nil, "alg that is not a string")
        #expect(TokenAuthority.algorithm(of: "eyJ0eXAiOiJKV1QifQ.e30.x") == nil, "no alg")
        #expect(TokenAuthority.algorithm(of: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9") == "HS256", "header alone, unpadded")
    }

    @Test("minted tokens verify, with the user, roles, name and lifetime given")
    func mintThenVerify() async throws {
        let authority = await authority()
        let token = try await authority.mint(user: "42", roles: ["technician"], name: "Bob", lifetime: 3600)
        let identity = try await authority.verify(token)
        #expect(identity.userId == "42")
        #expect(identity.roles == ["technician"])
        #expect(identity.name == "Bob")
        let expected = Int64(Date().timeIntervalSince1970) + 3600
        #expect(abs(identity.expiresAt - expected) <= 5)
        #expect(TokenAuthority.algorithm(of: token) == "HS256")
    }

    @Test("minting refuses a lifetime of zero, below, or over the maximum")
    func mintBounds() async throws {
        let authority = await TokenAuthority(secret: SignedTokens.secret, maxLifetime: 3600)
        for lifetime in [-60, 0, 3601] {
            await #expect(throws: TokenError.self) { try await authority.mint(user: "42", roles: [], lifetime: lifetime) }
        }
        _ = try await authority.verify(try await authority.mint(user: "42", roles: [], lifetime: 3600))
    }

    @Test("a token minted with another secret is refused")
    func otherSecret() async throws {
        let token = try await TokenAuthority(secret: String(repeating: "z", count: 32)).mint(user: "42", roles: [], lifetime: 60)
        let authority = await authority()
        await #expect(throws: TokenError.self) { try await authority.verify(token) }
    }
}

/// docs/security.md "Tokens": numeric claims must be dates within 100 years, size ≤ 8 KiB,
/// lifetime ≤ BRIDGE_MAX_TOKEN_TTL.
@Suite("Token policy")
struct TokenPolicyTests {
    let policy = TokenPolicy(maxLifetime: 3600)
    let now = 1_800_000_000.0

    func claims(exp: Double, nbf: Double? = nil, iat: Double? = nil) -> SessionClaims {
        SessionClaims(sub: .string("5"), roles: nil, exp: .init(value: Date(timeIntervalSince1970: exp)),
                      nbf: nbf.map { .init(value: Date(timeIntervalSince1970: $0)) },
                      iat: iat.map { .init(value: Date(timeIntervalSince1970: $0)) }, name: nil)
    }

    @Test("times that are no dates within 100 years are refused, whichever claim holds them",
          arguments: [1e19, -1e19, 1e300, -1e300, .infinity, .nan, 1_800_000_000 + 101 * 365.25 * 86_400])
    func farTimes(time: Double) {
        #expect(throws: TokenError.self) { try policy.check(claims(exp: time), now: now) }
        #expect(throws: TokenError.self) { try policy.check(claims(exp: now + 60, nbf: time), now: now) }
        #expect(throws: TokenError.self) { try policy.check(claims(exp: now + 60, iat: time), now: now) }
    }

    @Test("a lifetime over the maximum is refused, with or without iat; within it is fine")
    func lifetime() throws {
        #expect(throws: TokenError.self) { try policy.check(claims(exp: now + 7200, iat: now), now: now) }
        #expect(throws: TokenError.self) { try policy.check(claims(exp: now + 7200), now: now) }
        #expect(throws: TokenError.self) { try policy.check(claims(exp: now + 1800, iat: now - 7200), now: now) }
        try policy.check(claims(exp: now + 3600, iat: now), now: now)
        try policy.check(claims(exp: now + 1800), now: now)
    }
}
