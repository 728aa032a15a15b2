import Testing

// Black-box integration tests of the bridge binary (docs/protocol.md#ingest-envelopes, docs/protocol.md#http).
//
// Run: `swift build --build-tests && BRIDGE_BIN=/abs/path/to/bridge swift test --skip-build
// --filter BridgeIntegrationTests` (BRIDGE_BIN defaults to <package>/.build/debug/bridge; needs
// `redis-server` on PATH). Each suite that needs services carries `.stack(configuration)`: its own
// redis-server and bridge on free loopback ports, started before its first test and stopped after
// its last. Suites run in parallel; tests inside one are `.serialized`, so "nobody else got it"
// checks (see `Routing`) never see another test's events. Every wait is bounded.

/// A suite trait that starts a stack before the suite's first test, makes it `Stack.current`
/// for all of them, and stops it after the last one.
struct StackTrait: SuiteTrait, TestScoping {
    let configuration: BridgeConfiguration

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let stack = try await Stack.start(configuration)
        do {
            try await Stack.$current.withValue(stack) { try await function() }
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }
}

extension Trait where Self == StackTrait {
    /// Runs the suite against its own redis-server and bridge configured as given.
    static func stack(_ configuration: BridgeConfiguration = .standard) -> Self {
        StackTrait(configuration: configuration)
    }
}
