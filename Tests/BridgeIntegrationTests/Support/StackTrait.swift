import Testing

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
