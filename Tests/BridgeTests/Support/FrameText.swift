@testable import Bridge
import NIOCore

extension ByteBuffer {
    /// The payload of a server text frame of at most 64 KiB, as a string.
    var frameText: String {
        let header = ServerFrame.headerLength(forPayload: readableBytes - 2) == 2 ? 2 : 4
        return getString(at: readerIndex + header, length: readableBytes - header) ?? ""
    }
}
