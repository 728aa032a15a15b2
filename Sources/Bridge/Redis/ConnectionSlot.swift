import NIOConcurrencyHelpers

/// The live connection of a Redis service, so a shutdown from another task can close it.
final class ConnectionSlot: Sendable {
    private struct State {
        var connection: RedisConnection?
        var stopping = false
    }

    private let state = NIOLockedValueBox(State())

    var isStopping: Bool { state.withLockedValue(\.stopping) }

    /// Keeps `connection` as the live one; false (and closes it) once stopping.
    func adopt(_ connection: RedisConnection) -> Bool {
        let adopted = state.withLockedValue { state in
            guard !state.stopping else { return false }
            state.connection = connection
            return true
        }
        if !adopted { connection.close() }
        return adopted
    }

    /// Closes and forgets the live connection.
    func drop() {
        state.withLockedValue { $0.connection.take() }?.close()
    }

    /// No more connections; the live one is closed, which ends whatever waits on it.
    func stop() {
        state.withLockedValue { state in
            state.stopping = true
            return state.connection.take()
        }?.close()
    }
}
