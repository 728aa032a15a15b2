import CHiredis
import NIOCore

/// One Redis command as its binary-safe arguments, encoded to RESP by hiredis.
struct RedisCommand: Sendable, Equatable {
    var arguments: [[UInt8]]

    init(_ arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    init(_ arguments: [String]) {
        self.arguments = arguments.map { Array($0.utf8) }
    }

    /// The command's name, for error messages.
    var name: String { arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// Appends the RESP encoding (`redisFormatCommandArgv`) to `buffer`.
    func encode(into buffer: inout ByteBuffer) throws(RedisError) {
        guard !arguments.isEmpty else { throw RedisError("an empty command") }
        var lengths = arguments.map(\.count)
        let joined = [UInt8](arguments.joined()) + [0]
        let written = joined.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return -1 }
            var offset = 0
            var pointers: [UnsafePointer<CChar>?] = lengths.map { length in
                defer { offset += length }
                return base + offset
            }
            var target: UnsafeMutablePointer<CChar>?
            let length = redisFormatCommandArgv(&target, Int32(lengths.count), &pointers, &lengths)
            guard length >= 0, let target else { return -1 }
            defer { redisFreeCommand(target) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(length)))
            return length
        }
        guard written >= 0 else { throw RedisError("cannot encode \(name)") }
    }
}
