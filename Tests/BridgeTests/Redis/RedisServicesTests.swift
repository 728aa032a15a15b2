import Foundation
import Logging
import NIOCore
import Testing
@testable import Bridge

/// The subscriber and the cluster reporter as services against a real redis-server.
@Suite("Redis services")
struct RedisServicesTests {
    private func subscriber(_ endpoint: RedisEndpoint, sink: RecordingSink) -> RedisSubscriber {
        RedisSubscriber(endpoint: endpoint, channels: ["ch"], prefix: "", eventLoop: LocalRedis.loop, sink: sink,
                        logger: .init(label: "test"))
    }

    @Test("after a Redis restart the subscriber subscribes again and receives; it stops when cancelled")
    func reconnects() async throws {
        let redis = try await LocalRedis.start()
        let sink = RecordingSink()
        let running = Task { await subscriber(redis.endpoint, sink: sink).run() }
        #expect(await sink.wait { $0.contains(.subscribed(count: 1, isReconnect: false)) })
        try await redis.publish([Array("one".utf8)], on: "ch")
        #expect(await sink.wait { _ in sink.payloads == [Array("one".utf8)] })
        await redis.stop()
        #expect(await sink.wait { $0.contains { if case .disconnected = $0 { true } else { false } } })
        try await redis.start()
        #expect(await sink.wait { $0.contains(.subscribed(count: 1, isReconnect: true)) })
        try await redis.publish([Array("two".utf8)], on: "ch")
        #expect(await sink.wait { _ in sink.payloads == [Array("one".utf8), Array("two".utf8)] })
        running.cancel()
        await running.value
        #expect(sink.events.last == .disconnected("shutting down"))
        await redis.stop()
    }

    @Test("without the password Redis wants, the subscriber reports Redis' refusal")
    func noAuth() async throws {
        let redis = try await LocalRedis.start(password: "needed-password")
        var endpoint = redis.endpoint
        endpoint.password = nil
        let sink = RecordingSink()
        let running = Task { await subscriber(endpoint, sink: sink).run() }
        #expect(await sink.wait { $0.contains { if case .disconnected(let reason) = $0 { reason.contains("NOAUTH") } else { false } } })
        running.cancel()
        await running.value
        #expect(!sink.events.contains { if case .subscribed = $0 { true } else { false } })
        await redis.stop()
    }

    @Test("the reporter publishes this node, hands back every live node and removes itself on the way out")
    func reporter() async throws {
        let redis = try await LocalRedis.start()
        let figures = FixedFigures(ClusterNodeFigures(node: "n1", connections: 3, sessions: 2, users: ["5": 1, "9": 2], channels: ["news": 2]))
        let running = Task { await ClusterReporter(endpoint: redis.endpoint, eventLoop: LocalRedis.loop, figures: figures).run() }
        #expect(await figures.waitForUpdate())
        #expect(figures.updates.last == [figures.local()])
        running.cancel()
        await running.value
        let connection = try await RedisConnection.connect(to: redis.endpoint, on: LocalRedis.loop)
        #expect(try await connection.command(["HEXISTS", ClusterReporter.hashKey, "n1"]) == .integer(0))
        connection.close()
        await redis.stop()
    }
}
