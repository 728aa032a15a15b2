import NIOConcurrencyHelpers

/// A real `redis-server` from PATH on a free loopback port, without persistence.
/// It can be stopped and started again on the same port (the Redis outage tests).
final class RedisServer: Sendable {
    let port: Int
    /// When set, redis-server runs with `--requirepass` and every command AUTHs first.
    let password: String?
    private let child = NIOLockedValueBox<ChildProcess?>(nil)

    var url: String { "redis://\(password.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/0" }

    private init(port: Int, password: String?) {
        self.port = port
        self.password = password
    }

    /// Starts on a free port; tries another port when this one was taken meanwhile (other
    /// suites on the machine pick ports too).
    static func start(password: String? = nil) async throws -> RedisServer {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let server = RedisServer(port: try FreePort.next(), password: password)
            do {
                try await server.start()
                return server
            } catch let error as SupportError where error.description.contains("already in use") {
                lastError = error
            }
        }
        throw lastError ?? SupportError("redis-server did not start")
    }

    /// Launches redis-server on `port` and waits (bounded) until it answers PING.
    func start() async throws {
        guard let executable = ChildProcess.which("redis-server") else {
            throw SupportError("redis-server is not on PATH (apt-get install redis-server)")
        }
        var arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning",
        ]
        if let password { arguments += ["--requirepass", password] }
        let process = try ChildProcess(
            name: "redis-\(port)", executable: executable, arguments: arguments,
            environment: ChildProcess.baseEnvironment())
        child.withLockedValue { $0 = process }
        let answered = await Eventually.holds(within: .seconds(10), every: .milliseconds(20)) {
            if !process.isRunning { return true }
            return (try? await RESPClient.send(["PING"], port: self.port, password: self.password)) == .simple("PONG")
        }
        if let status = process.exitStatus {
            throw SupportError("redis-server on port \(port) exited with \(status): \(process.stderr)")
        }
        guard answered else {
            let log = process.stderr
            await process.stop()
            throw SupportError("redis-server on port \(port) did not answer PING within 10 s: \(log)")
        }
    }

    /// SIGTERM (bounded), so the port can be reused by `start()`.
    func stop() async {
        guard let process = child.withLockedValue({ $0 }) else { return }
        await process.stop(grace: .seconds(3))
        child.withLockedValue { $0 = nil }
    }

    /// Any command, answered as Redis answered it.
    func command(_ arguments: [String]) async throws -> RESPReply {
        try await RESPClient.send(arguments, port: port, password: password)
    }

    /// PUBLISH; answers the number of subscribers that got it.
    @discardableResult
    func publish(channel: String, payload: [UInt8]) async throws -> Int {
        let reply = try await RESPClient.send(
            [Array("PUBLISH".utf8), Array(channel.utf8), payload], port: port, password: password)
        guard case .integer(let receivers) = reply else { throw SupportError("PUBLISH answered \(reply)") }
        return receivers
    }

    @discardableResult
    func publish(channel: String, json: JSONValue) async throws -> Int {
        try await publish(channel: channel, payload: json.bytes)
    }

    /// One EVAL exactly like Laravel's RedisBroadcaster: the same payload PUBLISHed on every channel.
    func evalBroadcast(channels: [String], payload: [UInt8]) async throws {
        var arguments: [[UInt8]] = [Array("EVAL".utf8), Array(RESPClient.laravelBroadcastScript.utf8), Array("0".utf8), payload]
        arguments += channels.map { Array($0.utf8) }
        _ = try await RESPClient.send(arguments, port: port, password: password)
    }
}
