import Testing

extension Hardening {
    /// Resume is honoured once per session: `?last_id=` on the URL or the first `bridge:resume`;
    /// any later `bridge:resume` is answered `bridge:error` with `code: "bad_frame"`.
    @Suite("Hardening: one resume per session", .serialized, .stack())
    struct ResumeOnceTests {
        @Test("a second bridge:resume gets bad_frame and replays nothing")
        func secondResumeFrame() async throws {
            let stack = try Stack.require()
            let id = try await stack.broadcast(Envelope.notification(userIDs: [5])).first ?? ""
            let session = try await stack.session("5")
            defer { session.close() }
            session.client.send(json: ["type": "bridge:resume", "last_id": .string(id)])
            #expect(try await session.next()["type"] == "bridge:resumed")
            for _ in 0..<3 {
                session.client.send(json: ["type": "bridge:resume", "last_id": .string(id)])
                let answer = try await session.next()
                #expect(answer["type"] == "bridge:error" && answer["code"] == "bad_frame", "\(answer)")
            }
            try await expectOpen(session, stack)
        }

        @Test("?last_id= on the URL counts as the one resume")
        func urlThenFrame() async throws {
            let stack = try Stack.require()
            let ids = try await stack.broadcast(.object(["messages": [Envelope.notification(userIDs: [5]), Envelope.notification(userIDs: [5])]]))
            let session = try await stack.session("5", query: "&last_id=\(ids[0])")
            defer { session.close() }
            #expect(try await session.next()["id"]?.string == ids[1])
            #expect(try await session.next()["type"] == "bridge:resumed")
            session.client.send(json: ["type": "bridge:resume", "last_id": .string(ids[0])])
            let answer = try await session.next()
            #expect(answer["type"] == "bridge:error" && answer["code"] == "bad_frame", "\(answer)")
            try await expectOpen(session, stack)
        }

        @Test("a client that never reads and repeats bridge:resume is answered once, then bad_frame")
        func repeatedResumeWithoutReading() async throws {
            let stack = try Stack.require()
            let batch: JSONValue = .object(["messages": .array((0..<20).map { _ in Envelope.notification(userIDs: [5]) })])
            let first = try await stack.broadcast(batch).first ?? ""
            let raw = try await RawWebSocket.session(port: stack.port, token: try await stack.tokens.token(user: "5"))
            defer { raw.close() }
            let resume = RawFrame.text(JSONValue.object(["type": "bridge:resume", "last_id": .string(first)]).text)
            try await raw.send(Array(repeating: resume, count: 200))
            var resumed = 0
            var badFrames = 0
            var replayed = 0
            while resumed + badFrames < 200, let frame = try await raw.nextFrame(), frame.opcode != .close {
                guard frame.opcode == .text, let json = try? JSONValue.parse(frame.payload) else { continue }
                if json["type"] == "bridge:resumed" { resumed += 1 }
                if json["type"] == "bridge:error" && json["code"] == "bad_frame" { badFrames += 1 }
                if json["type"] == "system_notification_created" { replayed += 1 }
            }
            #expect(resumed == 1 && badFrames == 199, "resumed \(resumed), bad_frame \(badFrames)")
            #expect(replayed == 19, "the 19 missed events are replayed once: \(replayed)")
        }

        private func expectOpen(_ session: Session, _ stack: Stack) async throws {
            try await stack.broadcast(Envelope.notification(userIDs: [5]))
            #expect(try await session.next()["type"] == "system_notification_created", "the session stays open")
        }
    }
}
