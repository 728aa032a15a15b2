#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers

/// Hands out loopback TCP ports that are free right now and never the same one twice in this process.
///
/// Ports come from 20000–31999, below Linux's ephemeral range, so our own client sockets
/// cannot take a port between the moment it is chosen and the moment a server binds it.
enum FreePort {
    private static let handedOut = NIOLockedValueBox(Set<Int>())

    static func next() throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20000..<32000)
            let fresh = handedOut.withLockedValue { $0.insert(candidate).inserted }
            if fresh && isFree(candidate) { return candidate }
        }
        throw SupportError("no free loopback port found in 200 tries")
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = LoopbackSocket.make()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return LoopbackSocket.withAddress(port: port) { bind(fd, $0, $1) } == 0
    }
}
