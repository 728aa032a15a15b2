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
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
