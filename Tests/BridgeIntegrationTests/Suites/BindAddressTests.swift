import Testing

/// docs/protocol.md: WEBSOCKET_HOST binds exactly that address.
@Suite("Bind address")
struct BindAddressTests {
    @Test("--host 127.0.0.2 serves there and not on 127.0.0.1")
    func bindsExactlyThatAddress() async throws {
        let port = try FreePort.next()
        let bridge = try BridgeProcess.launch(
            arguments: ["serve", "--host", "127.0.0.2", "--port", "\(port)"],
            environment: BridgeConfiguration.standard.environment(redisURL: "redis://127.0.0.1:1/0"), port: port)
        let served = await Eventually.holds(within: .seconds(20), every: .milliseconds(100)) {
            (try? await HTTPClient.request(host: "127.0.0.2", port: port, path: "/health", timeout: .seconds(2)))?.status == 200
        }
        #expect(served, "no /health on 127.0.0.2:\(port); stderr: \(bridge.stderr.suffix(500))")
        await #expect(throws: (any Error).self, "127.0.0.1 must not be served") {
            try await HTTPClient.request(host: "127.0.0.1", port: port, path: "/health", timeout: .seconds(2))
        }
        await bridge.stop()
    }
}
