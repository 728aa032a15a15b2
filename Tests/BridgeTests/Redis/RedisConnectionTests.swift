import NIOCore
import Testing
@testable import Bridge

/// Request and response against a real redis-server: pipelining, binary safety, replies larger
/// than one read, AUTH and SELECT.
@Suite("Redis connection")
struct RedisConnectionTests {
    @Test("200 commands sent before any reply are answered in order")
    func pipelined() async throws {
        let redis = try await LocalRedis.start()
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        let replies = (0..<200).map { _ in connection.send(RedisCommand(["INCR", "counter"])) }
        var answers: [RedisReply] = []
        for reply in replies { answers.append(try await reply.get()) }
        #expect(answers == (1...200).map { RedisReply.integer(Int64($0)) })
        connection.close()
        await redis.stop()
    }

    @Test("keys and values with NUL bytes go and come back intact, 3 MiB too")
    func binarySafe() async throws {
        let redis = try await LocalRedis.start()
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        let key: [UInt8] = [107, 0, 1]
        let small: [UInt8] = [0, 1, 0, 255, 13, 10, 0]
        let large = (0..<(3 * 1_048_576)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        for value in [small, large] {
            #expect(try await connection.send(RedisCommand([Array("SET".utf8), key, value])).get() == .string(Array("OK".utf8)))
            #expect(try await connection.send(RedisCommand([Array("GET".utf8), key])).get() == .string(value))
        }
        connection.close()
        await redis.stop()
    }

    @Test("a wrong password fails the connection with Redis' answer")
    func authFailure() async throws {
        let redis = try await LocalRedis.start(password: "right-password")
        var endpoint = redis.endpoint
        endpoint.password = "wrong-password"
        await #expect {
            _ = try await RedisConnection.connect(to: endpoint, on: LocalRedis.loop)
        } throws: { error in
            let text = "\(error)"
            return text.contains("AUTH refused") && text.contains("WRONGPASS")
        }
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        #expect(try await connection.command(["PING"]) == .string(Array("PONG".utf8)))
        connection.close()
        await redis.stop()
    }

    @Test("the database of the endpoint is selected")
    func selectsDatabase() async throws {
        let redis = try await LocalRedis.start()
        var endpoint = redis.endpoint
        endpoint.database = 3
        let connection = try await RedisConnection.connect(to: endpoint, on: LocalRedis.loop)
        _ = try await connection.command(["SET", "where", "three"])
        let plain = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        #expect(try await plain.command(["EXISTS", "where"]) == .integer(0))
        #expect(try await plain.command(["SELECT", "3"]) == .string(Array("OK".utf8)))
        #expect(try await plain.command(["GET", "where"]) == .string(Array("three".utf8)))
        connection.close()
        plain.close()
        await redis.stop()
    }

    @Test("a refused connection is an error within the connect timeout")
    func refused() async throws {
        let redis = try await LocalRedis.start()
        await redis.stop()
        let started = ContinuousClock.now
        await #expect(throws: RedisError.self) {
            _ = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
