import Testing

extension Hardening {
    /// `bridge token` refuses a `--ttl` the bridge would refuse (over BRIDGE_MAX_TOKEN_TTL) and
    /// takes `--max-token-ttl` like `bridge serve`.
    @Suite("Hardening: bridge token --ttl bound")
    struct TokenCommandTTLTests {
        private static let secret = "integration-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-01"

        private func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32?, String) {
            let process = try BridgeProcess.launch(arguments: ["token"] + arguments, environment: environment)
            let status = await process.child.waitForExit(timeout: .seconds(10))
            if status == nil { await process.stop() }
            return (status, process.stderr)
        }

        @Test("--ttl over the default week exits non-zero naming BRIDGE_MAX_TOKEN_TTL")
        func overDefault() async throws {
            let (status, output) = try await run(["--user", "5", "--ttl", "700000", "--secret", Self.secret])
            #expect(status != nil && status != 0, "exit status \(status.map(String.init) ?? "still running"): \(output)")
            #expect(output.contains("BRIDGE_MAX_TOKEN_TTL"), "the message should name BRIDGE_MAX_TOKEN_TTL: \(output)")
        }

        @Test("--max-token-ttl lowers and raises the bound")
        func flagAccepted() async throws {
            let (lowered, loweredOutput) = try await run(["--user", "5", "--ttl", "7200", "--max-token-ttl", "3600", "--secret", Self.secret])
            #expect(lowered != nil && lowered != 0, "ttl 7200 over --max-token-ttl 3600: exit \(lowered.map(String.init) ?? "running")")
            #expect(loweredOutput.contains("BRIDGE_MAX_TOKEN_TTL"), "\(loweredOutput)")

            let (raised, raisedOutput) = try await run(["--user", "5", "--ttl", "700000", "--max-token-ttl", "800000", "--secret", Self.secret])
            #expect(raised == 0, "ttl 700000 under --max-token-ttl 800000: exit \(raised.map(String.init) ?? "running"): \(raisedOutput)")
            let token = raisedOutput.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let exp = try TokenFactory.payload(of: token)["exp"]?.double ?? 0
            #expect(abs(exp - Double(TokenFactory.now() + 700000)) < 60, "exp should be 700000 s ahead: \(exp)")
        }

        @Test("BRIDGE_MAX_TOKEN_TTL in the environment bounds --ttl too")
        func environmentBound() async throws {
            let (status, output) = try await run(
                ["--user", "5", "--ttl", "7200", "--secret", Self.secret], environment: ["BRIDGE_MAX_TOKEN_TTL": "3600"])
            #expect(status != nil && status != 0, "exit \(status.map(String.init) ?? "running"): \(output)")
        }
    }
}
