import Foundation
import BenchCore
import NIOCore
import Testing

@Suite struct HashTests {
    func hex(_ b: [UInt8]) -> String { b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test func sha256MatchesKnownDigests() {
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array(repeating: UInt8(ascii: "a"), count: 200))) == "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5")
    }

    @Test func hmacMatchesRFCExample() {
        let mac = SHA256.hmac(key: Array("key".utf8), message: Array("The quick brown fox jumps over the lazy dog".utf8))
        #expect(hex(mac) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test func md5MatchesKnownDigests() {
        #expect(hexString(MD5.hash([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(hexString(MD5.hash(Array(repeating: UInt8(ascii: "a"), count: 200))) == "887f30b43b2867f4a9accceee7d16e6c")
    }

    @Test func pusherRequestSignatureMatchesPythonHMAC() {
        let body = Array(#"{"name":"bench","channel":"bench","data":"x"}"#.utf8)
        let target = PusherAPISigner(appID: "1", key: "k", secret: "s").signedTarget(path: "/apps/1/events", body: body, timestamp: 1_700_000_000)
        #expect(target == "/apps/1/events?auth_key=k&auth_timestamp=1700000000&auth_version=1.0&body_md5=bd80c681158cb9ce39faed2a651242fe"
            + "&auth_signature=fcbf5d272d23c2758a9aa7fbef6daabda3a220613228af5a8a2b2a256e0dafaa")
    }

    @Test func presenceAuthMatchesPythonHMAC() {
        let data = #"{"user_id":"7","user_info":{"name":"User 7"}}"#
        let auth = PusherAPISigner(appID: "1", key: "k", secret: "s").presenceAuth(socketId: "41.9", channel: "presence-storm", channelData: data)
        #expect(auth == "k:81bc780f7dea3d3558cf7cb3c5dd3264d7733cf01edacb90ee35cbbd9b1a5dfc")
    }

    @Test func websocketAcceptFromRFC6455() {
        let digest = SHA1.hash(Array("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11".utf8))
        #expect(Base64.encode(digest) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}

@Suite struct FrameTests {
    @Test func scannerHandlesFramesSplitAcrossReads() {
        let alloc = ByteBufferAllocator()
        var stream = alloc.buffer(capacity: 0)
        for i in 0..<3 {
            var f = WebSocketFrame.serverFrame(payload: ByteBuffer(string: #"{"bench_seq":\#(i),"sent_ns":12345\#(i)}"#), allocator: alloc)
            stream.writeBuffer(&f)
        }
        var big = WebSocketFrame.serverFrame(payload: ByteBuffer(string: String(repeating: "y", count: 70_000)), allocator: alloc)
        stream.writeBuffer(&big)
        var scanner = WebSocketFrameScanner()
        var seqs: [UInt64] = []
        var sizes: [Int] = []
        let seq = FieldScanner("bench_seq")
        while stream.readableBytes > 0 {
            var piece = stream.readSlice(length: min(7, stream.readableBytes))!
            let ok = scanner.scan(&piece) { _, payload in
                sizes.append(payload.count)
                if let s = seq.value(in: payload) { seqs.append(s) }
            }
            #expect(ok)
        }
        #expect(seqs == [0, 1, 2])
        #expect(sizes.last == 70_000)
    }

    @Test func respParsesPartialInput() throws {
        var buf = ByteBuffer(string: "*3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$3\r\nab")
        #expect(try RESP.parse(&buf) == nil)
        buf.writeString("c\r\n:7\r\n")
        guard case .array(let items)? = try RESP.parse(&buf), let items, items.count == 3,
              case .bulk(let body) = items[2] else { Issue.record("not an array"); return }
        #expect(body.map { String(buffer: $0) } == "abc")
        guard case .integer(7)? = try RESP.parse(&buf) else { Issue.record("no integer"); return }
    }

    @Test func payloadHasTheRequestedSize() {
        let b = PayloadBuilder(envelope: .frame, audience: .everyone, population: Population(sessionsPerUser: 5, userBase: 1000), targetBytes: 300)
        #expect(b.payload(seq: 12, sentNs: 1_234_567_890_123).utf8.count == 300)
    }
}

@Suite struct PusherPayloadTests {
    @Test func fieldsAreReadInsideAPusherEventsStringData() {
        let builder = PayloadBuilder(envelope: .pusher, audience: .everyone,
                                     population: Population(sessionsPerUser: 1, userBase: 1), targetBytes: 300, pusherChannel: "room")
        let body = builder.payload(seq: 42, sentNs: 987_654_321)
        #expect(body.hasPrefix(#"{"name":"bench","channel":"room","data":"{\"notification\""#), "\(body)")
        // What a subscribed client reads: the same data under "event".
        let frame = body.replacingOccurrences(of: #"{"name":"#, with: #"{"event":"#)
        #expect(frame.utf8.count == 300)
        Array(frame.utf8).withUnsafeBytes { bytes in
            #expect(FieldScanner("bench_seq").value(in: bytes) == 42)
            #expect(FieldScanner("sent_ns").value(in: bytes) == 987_654_321)
        }
    }
}

@Suite struct PopulationTests {
    let population = Population(sessionsPerUser: 5, userBase: 1000)

    @Test func rolesFollowTheUserIndex() {
        #expect(Population.roles(userIndex: 0) == ["admin", "technician"])
        #expect(Population.roles(userIndex: 12) == ["technician"])
        #expect(Population.roles(userIndex: 13).isEmpty)
        #expect(population.userID(session: 14) == 1002)
    }

    @Test func mixedAudienceIsStaffPlusRequesterAndAssignee() {
        // 100 sessions = users 0…19: staff are indexes 0,1,2,10,11,12 (30 sessions) + users 3 and 5 (10 sessions).
        let receivers = (0..<100).filter { population.receives(session: $0, audience: .mixed) }.count
        #expect(receivers == 40)
        #expect((0..<100).allSatisfy { population.receives(session: $0, audience: .everyone) })
    }

    @Test func mixedPayloadNamesTheRequesterAndAssignee() {
        let b = PayloadBuilder(envelope: .listener, audience: .mixed, population: population, targetBytes: 300)
        let p = b.payload(seq: 1, sentNs: 42)
        #expect(p.contains(#""type":"ticket_created""#))
        #expect(p.contains(#""requester_id":1003"#) && p.contains(#""assignee_id":1005"#))
        #expect(p.contains(#""sent_ns":42"#))
    }

    @Test func tokensVerifyWithTheSameSecret() {
        let token = TokenMinter(secret: String(repeating: "k", count: 40)).token(user: "7", roles: ["technician"], expiresAt: 2_000_000_000)
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        let signature = SHA256.hmac(key: Array(String(repeating: "k", count: 40).utf8), message: Array("\(parts[0]).\(parts[1])".utf8))
        #expect(Base64.encode(signature, urlSafe: true) == String(parts[2]))
    }
}
