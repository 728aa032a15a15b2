import Testing

extension Hardening {
    /// RFC 6455 at the wire: unmasked client frames and RSV bits close with 1002, text that is not
    /// UTF-8 (whole or split across fragments) with 1007; valid fragmented UTF-8 and control frames
    /// between fragments are fine; other sessions keep receiving throughout.
    @Suite("Hardening: RFC 6455 framing", .serialized, .stack())
    struct WebSocketFramingTests {
        /// A frame the bridge must refuse, and the close code it must answer with.
        struct Violation: Sendable, CustomTestStringConvertible {
            let name: String
            let frames: [RawFrame]
            let code: UInt16
            var testDescription: String { name }

            static let all: [Violation] = [
                Violation(name: "unmasked text", frames: [RawFrame(opcode: .text, payload: Array(#"{"type":"bridge:ping"}"#.utf8), masked: false)], code: 1002),
                Violation(name: "unmasked ping", frames: [RawFrame(opcode: .ping, payload: [1, 2], masked: false)], code: 1002),
                Violation(name: "RSV1", frames: [rsv(0x40)], code: 1002),
                Violation(name: "RSV2", frames: [rsv(0x20)], code: 1002),
                Violation(name: "RSV3", frames: [rsv(0x10)], code: 1002),
                Violation(name: "invalid UTF-8 in one frame", frames: [RawFrame(opcode: .text, payload: ping + [0xFF, 0xFE] + close)], code: 1007),
                Violation(name: "overlong UTF-8 in one frame", frames: [RawFrame(opcode: .text, payload: ping + [0xC0, 0xAF] + close)], code: 1007),
                Violation(name: "invalid UTF-8 in the continuation", frames: [
                    RawFrame(fin: false, opcode: .text, payload: ping),
                    RawFrame(opcode: .continuation, payload: [0xC3, 0x28] + close),
                ], code: 1007),
                Violation(name: "truncated sequence at the end of the message", frames: [
                    RawFrame(fin: false, opcode: .text, payload: ping),
                    RawFrame(opcode: .continuation, payload: close + [0xE2, 0x82]),
                ], code: 1007),
            ]

            private static let ping = Array(#"{"type":"bridge:ping","x":""#.utf8)
            private static let close = Array(#""}"#.utf8)
            private static func rsv(_ bits: UInt8) -> RawFrame {
                RawFrame(rsv: bits, opcode: .text, payload: Array(#"{"type":"bridge:ping"}"#.utf8))
            }
        }

        @Test("a frame breaking RFC 6455 closes the session with the RFC's code", arguments: Violation.all)
        func violationCloses(violation: Violation) async throws {
            let stack = try Stack.require()
            let bystander = try await stack.session("6")
            defer { bystander.close() }
            let raw = try await RawWebSocket.session(port: stack.port, token: try await stack.tokens.token(user: "5"))
            defer { raw.close() }
            try await raw.send(violation.frames)
            let code = try await raw.closeCode(timeout: .seconds(5))
            #expect(code == violation.code, "\(violation.name): close code \(code.map(String.init) ?? "none (no close frame)")")
            try await expectStillServed(bystander, stack)
        }

        @Test("valid multi-byte UTF-8 split inside a character across fragments is answered normally")
        func splitUTF8IsFine() async throws {
            let stack = try Stack.require()
            let raw = try await RawWebSocket.session(port: stack.port, token: try await stack.tokens.token(user: "5"))
            defer { raw.close() }
            let euro: [UInt8] = [0xE2, 0x82, 0xAC]
            try await raw.send([
                RawFrame(fin: false, opcode: .text, payload: Array(#"{"type":"bridge:ping","x":"é"#.utf8) + euro.prefix(2)),
                RawFrame(opcode: .continuation, payload: Array(euro.suffix(1)) + Array(#""}"#.utf8)),
            ])
            #expect(try await raw.nextText()["type"] == "bridge:pong")

            try await raw.send([
                RawFrame(fin: false, opcode: .text, payload: Array("ü€".utf8).dropLast(1).map { $0 }),
                RawFrame(opcode: .continuation, payload: Array("ü€".utf8).suffix(1) + Array(" not json".utf8)),
            ])
            let answer = try await raw.nextText()
            #expect(answer["type"] == "bridge:error" && answer["code"] == "bad_frame", "\(answer)")
        }

        @Test("a ping between the fragments of a message is answered, and the message too")
        func controlFrameBetweenFragments() async throws {
            let stack = try Stack.require()
            let raw = try await RawWebSocket.session(port: stack.port, token: try await stack.tokens.token(user: "5"))
            defer { raw.close() }
            try await raw.send([
                RawFrame(fin: false, opcode: .text, payload: Array(#"{"type":"bri"#.utf8)),
                RawFrame(opcode: .ping, payload: Array("probe".utf8)),
                RawFrame(opcode: .continuation, payload: Array(#"dge:ping"}"#.utf8)),
            ])
            var pong: RawFrame?
            var text: JSONValue?
            for _ in 0..<2 {
                guard let frame = try await raw.nextFrame() else { break }
                if frame.opcode == .pong { pong = frame }
                if frame.opcode == .text { text = try JSONValue.parse(frame.payload) }
            }
            #expect(pong?.payload == Array("probe".utf8), "the ping between fragments gets its pong")
            #expect(text?["type"] == "bridge:pong", "the reassembled message is answered: \(text.map(\.text) ?? "nothing")")
        }

        private func expectStillServed(_ session: Session, _ stack: Stack) async throws {
            try await stack.broadcast(Envelope.notification(userIDs: [6]))
            let frame = try await session.next()
            #expect(frame["type"] == "system_notification_created", "the other session keeps receiving: \(frame)")
        }
    }
}
