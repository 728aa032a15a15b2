import CMalloc

/// Hands freed heap back to the system after many connections opened or closed.
///
/// Accepting a socket allocates short-lived buffers (HTTP parsing, token decoding) between the
/// long-lived session objects; glibc keeps the freed pages, so resident memory per idle session
/// and after a mass disconnect looks far larger than what is in use. `malloc_trim` returns them.
struct MemoryTrimmer {
    /// Connections opened or closed since the last trim that make the next one worth it.
    static let threshold = 256
    private var connectionsAtLastTrim = 0

    /// Trims when the number of connections moved by `threshold` since the last trim.
    mutating func trimIfWorthIt(connections: Int) {
        guard abs(connections - connectionsAtLastTrim) >= Self.threshold else { return }
        connectionsAtLastTrim = connections
        malloc_trim(0)
    }
}
