import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
@testable import Bridge

/// A throwaway `redis-server` on a free loopback port, without persistence; it can be stopped
/// and started again on the same port.
final class LocalRedis: Sendable {
    let port: Int
    let password: String?
    private let process = NIOLockedValueBox<Process?>(nil)

    var endpoint: RedisEndpoint { RedisEndpoint(host: "127.0.0.1", port: port, password: password, database: 0) }

    private init(port: Int, password: String?) {
        self.port = port
        self.password = password
    }

    /// A test that failed before `stop()` must not leave its server behind.
    deinit {
        if let child = process.withLockedValue({ $0 }) { kill(child.processIdentifier, SIGKILL) }
    }

    /// Starts on a free port, trying another when the first was taken meanwhile.
    static func start(password: String? = nil) async throws -> LocalRedis {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let redis = LocalRedis(port: try await freePort(), password: password)
            do {
                try await redis.start()
                return redis
            } catch {
                lastError = error
            }
        }
        throw lastError ?? RedisError("redis-server did not start")
    }

    /// Launches redis-server and waits (at most 20 s: CI machines can be loaded) until it answers PING.
    func start() async throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        child.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                           "--protected-mode", "no", "--loglevel", "warning"] + (password.map { ["--requirepass", $0] } ?? [])
        // Neither output is the test runner's: a server left behind by a failed test would hold
        // `swift test`'s pipe open, and whatever reads it would wait for ever.
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        process.withLockedValue { $0 = child }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, child.isRunning {
            if let connection = try? await RedisConnection.connect(to: endpoint, on: Self.loop) {
                defer { connection.close() }
                if (try? await connection.command(["PING"])) == .string(Array("PONG".utf8)) { return }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        await stop()
        throw RedisError("redis-server on port \(port) did not answer PING")
    }

    /// SIGKILL (the test process blocks SIGTERM, and its children inherit that), and waits (at
    /// most 5 s) until the process is gone so the port can be reused.
    func stop() async {
        guard let child = process.withLockedValue({ $0.take() }) else { return }
        kill(child.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while child.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// PUBLISH on a connection of its own, pipelined 500 at a time.
    func publish(_ payloads: [[UInt8]], on channel: String) async throws {
        let connection = try await RedisConnection.connect(to: endpoint, on: Self.loop)
        defer { connection.close() }
        for start in stride(from: 0, to: payloads.count, by: 500) {
            let replies = payloads[start..<min(start + 500, payloads.count)].map {
                connection.send(RedisCommand([Array("PUBLISH".utf8), Array(channel.utf8), $0]))
            }
            for reply in replies { _ = try await reply.get() }
        }
    }

    static var loop: any EventLoop { MultiThreadedEventLoopGroup.singleton.next() }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        // Closed before redis-server tries to bind the same port.
        try? await channel.close()
        guard let port else { throw RedisError("no local port") }
        return port
    }
}
