import Testing

/// README.md#configuration, docs/protocol.md: an invalid configuration value stops start-up with a non-zero exit naming it.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    @Test("invalid values exit non-zero within a few seconds, naming the variable",
          arguments: [
            ("BRIDGE_SECRET", "short-secret-of-31-bytes-000000"),
            ("WEBSOCKET_PORT", "70000"),
          ])
    func invalidValue(variable: String, value: String) async throws {
        var environment = [
            "BRIDGE_SECRET": "integration-test-secret-0123456789-abcdef",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "WEBSOCKET_PORT": "\(try FreePort.next())",
        ]
        environment[variable] = value
        let bridge = try BridgeProcess.launch(arguments: ["serve"], environment: environment)
        let status = await bridge.child.waitForExit(timeout: .seconds(5))
        if status == nil { await bridge.stop() }
        #expect(status != nil && status != 0, "\(variable)=\(value): exit status \(status.map(String.init) ?? "still running")")
        #expect(bridge.stderr.contains(variable), "stderr should name \(variable): \(bridge.stderr.suffix(500))")
    }

    @Test("no BRIDGE_SECRET without --dev exits non-zero naming BRIDGE_SECRET")
    func missingSecret() async throws {
        let bridge = try BridgeProcess.launch(
            arguments: ["serve", "--port", "\(try FreePort.next())"], environment: ["REDIS_URL": "redis://127.0.0.1:1/0"])
        let status = await bridge.child.waitForExit(timeout: .seconds(5))
        if status == nil { await bridge.stop() }
        #expect(status != nil && status != 0)
        #expect(bridge.stderr.contains("BRIDGE_SECRET"), "\(bridge.stderr.suffix(500))")
    }
}
