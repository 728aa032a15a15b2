import Foundation
import NIOCore
import NIOEmbedded
import NIOWebSocket
@testable import Bridge

/// Fuzzes what a client sends on an open WebSocket: raw bytes through NIO's frame decoder
/// (16 KiB limit, as `WebSocketUpgrade` installs it), fragments joined as the session joins
/// them, then each text message through `ClientFrame.parse`, the session's reading of it.
enum ClientFrameFuzzer {
    static func run(_ input: UnsafeRawBufferPointer) {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(
            WebSocketFrameDecoder(maxFrameSize: WebSocketUpgrade.maxFrameSize)))
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        var bytes = channel.allocator.buffer(capacity: input.count)
        bytes.writeBytes(input)
        // A decoder error (bad opcode, frame too large, …) closes the session; frames decoded
        // before it still count.
        _ = try? channel.writeInbound(bytes)
        var fragments: ByteBuffer?
        while let frame = try? channel.readInbound(as: WebSocketFrame.self) {
            switch frame.opcode {
            case .text where frame.fin:
                check(ClientFrame.parse(frame.unmaskedData))
            case .text:
                fragments = frame.unmaskedData
            case .continuation:
                guard var collected = fragments else { continue }
                var piece = frame.unmaskedData
                guard collected.readableBytes + piece.readableBytes <= WebSocketUpgrade.maxFrameSize else {
                    fragments = nil
                    continue
                }
                collected.writeBuffer(&piece)
                fragments = collected
                if frame.fin {
                    fragments = nil
                    check(ClientFrame.parse(collected))
                }
            default:
                _ = frame.unmaskedData
            }
        }
    }

    /// The session relies on an auth frame's token being absent or non-empty.
    static func check(_ frame: ClientFrame) {
        if case .auth(let token?) = frame, token.isEmpty { fatalError("an empty token must read as no token") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ClientFrameFuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
