#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Writes a connection's flushed frames straight to its socket while NIO holds none of its bytes:
/// one non-blocking `send` of the shared frame instead of a pass through the pipeline and NIO's
/// pending-write queue (what uWebSockets does). What the kernel does not take now goes to NIO as
/// before, and every write after it too until NIO has written all it holds, so the order on the
/// wire is the order of the writes and the `BRIDGE_MAX_QUEUE` bound keeps judging what waits.
///
/// NIO does not expose an accepted channel's descriptor. It is read from the channel's description
/// and accepted only when the socket behind that number has the channel's own local and remote
/// ports; otherwise, or with another NIO, every write takes NIO's path. The descriptor is used only
/// on the channel's event loop while the channel is active: NIO marks it inactive before any code
/// of ours runs after it closed the socket, so a number reused by another connection is never
/// written to. Bytes go out as they are: only for pipelines with no outbound handler that
/// transforms them (the bridge terminates neither TLS nor compression; adding either must turn
/// this off).
struct DirectSocketWriter {
    private var descriptor: CInt = -1
    /// Bytes were handed to NIO that may not have reached the kernel yet (at first, the upgrade's answer).
    private var nioMayHoldBytes = true

    /// Whether flushed frames can bypass NIO on this connection.
    var isDirect: Bool { descriptor >= 0 }

    /// Finds the socket of `channel` (an accepted TCP channel, on its event loop).
    mutating func attach(to channel: any Channel) {
        descriptor = Self.descriptor(of: channel) ?? -1
    }

    /// A write that goes down NIO's pipeline (queued without a flush, or not a frame of ours).
    mutating func noteNIOWrite() {
        nioMayHoldBytes = true
    }

    /// Sends what the kernel takes of `bytes` now and returns the rest for NIO, or nil when all
    /// of it was sent. On the channel's event loop only.
    mutating func send(_ bytes: ByteBuffer, on channel: any Channel) -> ByteBuffer? {
        guard descriptor >= 0, channel.isActive else { return bytes }
        if nioMayHoldBytes {
            guard (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0 else { return bytes }
            nioMayHoldBytes = false
        }
        let count = bytes.readableBytes
        let sent = bytes.withUnsafeReadableBytes { raw in
            Self.sendNow(descriptor, raw.baseAddress, raw.count)
        }
        if sent == count { return nil }
        // EAGAIN, a partial write, or an error NIO's own write will meet and close the channel on.
        nioMayHoldBytes = true
        guard sent > 0 else { return bytes }
        return bytes.getSlice(at: bytes.readerIndex + sent, length: count - sent)
    }

    private static func sendNow(_ descriptor: CInt, _ base: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.send(descriptor, base, count, CInt(MSG_NOSIGNAL) | CInt(MSG_DONTWAIT))
        #else
        return Darwin.send(descriptor, base, count, MSG_DONTWAIT)
        #endif
    }

    /// The descriptor in the channel's description (`SocketChannel { BaseSocket { fd=12 }, …`),
    /// if the socket behind it has the channel's ports.
    static func descriptor(of channel: any Channel) -> CInt? {
        let parts = String(describing: channel).split(separator: "fd=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let digits = parts[1].prefix { $0.isASCII && $0.isNumber }
        guard let number = CInt(digits), number >= 0,
              let localPort = channel.localAddress?.port, let remotePort = channel.remoteAddress?.port,
              port(of: number, peer: false) == localPort, port(of: number, peer: true) == remotePort else {
            return nil
        }
        return number
    }

    /// The local (or, with `peer`, the remote) TCP port of the socket `descriptor`.
    private static func port(of descriptor: CInt, peer: Bool) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                peer ? getpeername(descriptor, address, &length) : getsockname(descriptor, address, &length)
            }
        }
        guard status == 0 else { return nil }
        switch CInt(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }
}
