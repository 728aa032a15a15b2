import Foundation
import JWTKit
import Testing

/// The harness itself, so a broken helper is not mistaken for a bridge bug.
@Suite("Harness")
struct HarnessTests {
    @Test("redis-server starts, answers, and restarts on the same port")
    func redisRestart() async throws {
        let redis = try await RedisServer.start()
        #expect(try await RESPClient.send(["PING"], port: redis.port) == .simple("PONG"))
        await redis.stop()
        await #expect(throws: (any Error).self) { try await RESPClient.send(["PING"], port: redis.port) }
        try await redis.start()
        #expect(try await RESPClient.send(["PING"], port: redis.port) == .simple("PONG"))
        #expect(try await redis.publish(channel: "nobody", payload: [0xFF, 0x00]) == 0)
        try await redis.evalBroadcast(channels: ["a", "b"], payload: Array("{}".utf8))
        await redis.stop()
    }

    @Test("forged tokens have the intended header and claims")
    func tokenShapes() async throws {
        let tokens = TokenFactory(secret: BridgeConfiguration.standard.secret)
        let hs512 = try await tokens.sign(TokenFactory.claims(user: "5"), digest: .sha512)
        #expect(header(of: hs512)?["alg"] == "HS512")
        let none = try tokens.unsigned(TokenFactory.claims(user: "5"))
        #expect(header(of: none)?["alg"] == "none" && none.hasSuffix("."))
        let noExp = try await tokens.sign(.init(sub: "5"))
        #expect(payload(of: noExp)?["exp"] == nil && payload(of: noExp)?["sub"] == "5")
    }

    private func header(of token: String) -> JSONValue? { part(0, of: token) }
    private func payload(of token: String) -> JSONValue? { part(1, of: token) }

    private func part(_ index: Int, of token: String) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = parts[index].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONValue.parse(Array(data))
    }
}
