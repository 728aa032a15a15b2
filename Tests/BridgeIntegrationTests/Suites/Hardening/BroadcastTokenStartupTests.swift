import Testing

extension Hardening {
    /// A BRIDGE_BROADCAST_TOKEN that is set but empty, or too short to be a secret, stops start-up.
    @Suite("Hardening: BRIDGE_BROADCAST_TOKEN at start-up")
    struct BroadcastTokenStartupTests {
        @Test("an empty or 10-byte token exits non-zero naming BRIDGE_BROADCAST_TOKEN", arguments: ["", "0123456789"])
        func refused(token: String) async throws {
            let bridge = try BridgeProcess.launch(
                arguments: ["serve", "--port", "\(try FreePort.next())"],
                environment: [
                    "BRIDGE_SECRET": "integration-test-secret-0123456789-abcdef",
                    "REDIS_URL": "redis://127.0.0.1:1/0",
                    "BRIDGE_BROADCAST_TOKEN": token,
                ])
            let status = await bridge.child.waitForExit(timeout: .seconds(5))
            if status == nil { await bridge.stop() }
            #expect(status != nil && status != 0, "token \"\(token)\": exit status \(status.map(String.init) ?? "still running")")
            #expect(bridge.stderr.contains("BRIDGE_BROADCAST_TOKEN"), "stderr should name it: \(bridge.stderr.suffix(500))")
        }
    }
}
