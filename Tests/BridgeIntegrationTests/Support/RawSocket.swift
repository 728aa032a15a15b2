#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain loopback TCP connection on POSIX sockets, for tests that must send exactly the bytes
/// no codec would (half requests, unmasked frames) and watch when the server closes. Non-blocking:
/// every wait polls with short sleeps and is bounded, so no test thread is ever parked in a syscall.
final class RawSocket {
    private let fd: Int32
    /// Bytes received and not yet consumed.
    private(set) var buffer: [UInt8] = []
    /// True once the peer closed (EOF) or reset the connection.
    private(set) var peerClosed = false
    private var closed = false

    /// Connects to `127.0.0.1:port`; `receiveBuffer` sets SO_RCVBUF before connecting (a small
    /// one pins the TCP window, so a client that does not read backs the server up fast).
    init(port: Int, receiveBuffer: Int? = nil) throws {
        fd = LoopbackSocket.make()
        guard fd >= 0 else { throw SupportError("socket() failed: errno \(errno)") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let descriptor = fd
        let result = LoopbackSocket.withAddress(port: port) { connect(descriptor, $0, $1) }
        guard result == 0 else {
            let code = errno
            systemClose(fd)
            throw SupportError("connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        systemClose(fd)
    }

    /// Sends all of `bytes`, waiting (at most `timeout`) while the kernel buffer is full. Throws
    /// when the peer has gone or the bytes could not all be sent in time.
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                systemSend(fd, raw.baseAddress, raw.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard ContinuousClock.now < deadline else { throw SupportError("send blocked for \(timeout.seconds) s") }
                try? await Task.sleep(for: .milliseconds(2))
            } else {
                throw SupportError("send failed: errno \(errno)")
            }
        }
    }

    func send(_ text: String, timeout: Duration = .seconds(5)) async throws {
        try await send(Array(text.utf8), timeout: timeout)
    }

    /// Moves whatever the kernel holds into `buffer` without waiting; answers how many bytes came.
    @discardableResult
    func pump() -> Int {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !peerClosed {
            let count = chunk.withUnsafeMutableBytes { systemReceive(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[0..<count]
                total += count
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                peerClosed = true
            } else {
                break
            }
        }
        return total
    }

    /// Reads until `satisfied(buffer)` holds or the peer closes; false when `timeout` passed first.
    func read(until satisfied: ([UInt8]) -> Bool, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            pump()
            if satisfied(buffer) { return true }
            if peerClosed || ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads (keeping the bytes) until the peer closes; answers how long that took, or nil if the
    /// connection was still open after `timeout`.
    func waitForPeerClose(within timeout: Duration) async -> Duration? {
        let started = ContinuousClock.now
        _ = await read(until: { _ in false }, timeout: timeout)
        return peerClosed ? started.duration(to: .now) : nil
    }

    /// Removes and answers the first `count` buffered bytes.
    func consume(_ count: Int) -> [UInt8] {
        let taken = Array(buffer.prefix(count))
        buffer.removeFirst(min(count, buffer.count))
        return taken
    }

    /// Everything received so far, as text (for diagnostics and HTTP answers).
    var text: String { String(decoding: buffer, as: UTF8.self) }
}

// Free functions, so the class's own `send`/`close` do not shadow the system calls.
private func systemClose(_ fd: Int32) { _ = close(fd) }

private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    send(fd, pointer, count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
}

private func systemReceive(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    recv(fd, pointer, count, Int32(MSG_DONTWAIT))
}
