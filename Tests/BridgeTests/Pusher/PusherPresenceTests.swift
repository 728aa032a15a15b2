@testable import Bridge
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// docs/pusher.md#presence-channels: channel_data, its signature, the members frame, the
/// per-channel floor of member events, and the join script's answer.
@Suite("Pusher presence")
struct PusherPresenceUnitTests {
    @Test("channel_data: user ids as text, user_info as compact JSON, Pusher's limits")
    func channelData() {
        let read = PusherChannelData.member(from: #"{"user_id":5,"user_info":{"b":1,"a":"x"}}"#, channel: "presence-a")
        #expect(read == .success(PresenceMember(userId: "5", info: #"{"a":"x","b":1}"#)))
        #expect(PusherChannelData.member(from: #"{"user_id":"u-1"}"#, channel: "presence-a")
                == .success(PresenceMember(userId: "u-1", info: "null")))
        for bad in [nil, "", "[1]", #"{"user_info":{}}"#, #"{"user_id":""}"#, #"{"user_id":true}"#,
                    #"{"user_id":"\#(String(repeating: "u", count: 129))"}"#] {
            guard case .failure(let refusal) = PusherChannelData.member(from: bad, channel: "presence-a") else {
                Issue.record("\(bad ?? "nil") was accepted")
                continue
            }
            #expect(refusal.type == "InvalidChannelData" && refusal.status == 400)
        }
        let big = #"{"user_id":"1","user_info":"\#(String(repeating: "i", count: 1023))"}"#
        guard case .failure(let refusal) = PusherChannelData.member(from: big, channel: "presence-a") else {
            Issue.record("user_info over 1 KiB was accepted")
            return
        }
        #expect(refusal.type == "LimitReached" && refusal.status == 413)
    }

    @Test("the presence auth signs socket_id:channel:channel_data")
    func signature() {
        let app = PusherApp(id: "1", key: "key", secret: "secret")
        let data = #"{"user_id":"1"}"#
        let good = "key:" + PusherSignature.hex("1.2:presence-a:\(data)", secret: "secret")
        let auth = PusherChannelAuth(app: app)
        #expect(auth.refusal(of: good, socketId: "1.2", channel: "presence-a", channelData: data) == nil)
        #expect(auth.refusal(of: good, socketId: "1.2", channel: "presence-a", channelData: #"{"user_id":"2"}"#) != nil)
        #expect(auth.refusal(of: good, socketId: "1.2", channel: "presence-a") != nil)
    }

    @Test("subscription_succeeded carries ids, hash and count as Pusher sends them")
    func membersFrame() throws {
        var frame = PusherFrame.subscriptionSucceeded(channel: "presence-a", members: [
            PresenceMember(userId: "1", info: #"{"name":"Ann"}"#), PresenceMember(userId: "2", info: "null"),
        ])
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        let text = String(decoding: bytes.drop { $0 != UInt8(ascii: "{") }, as: UTF8.self)
        #expect(text == #"{"event":"pusher_internal:subscription_succeeded","channel":"presence-a","data":"{\"presence\":{\"ids\":[\"1\",\"2\"],\"hash\":{\"1\":{\"name\":\"Ann\"},\"2\":null},\"count\":2}}"}"#)
    }

    @Test("a joined channel admits only entries after the position its members list is as of")
    func floor() {
        var presence = PusherPresence()
        let member = PresenceMember(userId: "1", info: "null")
        #expect(presence.admits("presence-a", id: StreamID(milliseconds: 1, sequence: 0)))
        presence.channels["presence-a"] = .joined(member, floor: StreamID(milliseconds: 5, sequence: 1))
        #expect(!presence.admits("presence-a", id: StreamID(milliseconds: 5, sequence: 1)))
        #expect(presence.admits("presence-a", id: StreamID(milliseconds: 5, sequence: 2)))
        #expect(presence.admits("other", id: StreamID(milliseconds: 1, sequence: 0)))
        #expect(presence.users == ["1"])
    }

    @Test("the answer to a join attempt the client replaced is told apart")
    func attempts() {
        var presence = PusherPresence()
        let member = PresenceMember(userId: "1", info: "null")
        let first = presence.joining("presence-a", as: member)
        #expect(presence.answer("presence-a", attempt: first) == .current)
        presence.channels["presence-a"] = .abandoned
        #expect(presence.answer("presence-a", attempt: first) == .unwanted)
        let second = presence.joining("presence-a", as: member)
        #expect(presence.answer("presence-a", attempt: first) == .superseded)
        #expect(presence.answer("presence-a", attempt: second) == .current)
        presence.channels["presence-a"] = .joined(member, floor: .zero)
        #expect(presence.answer("presence-a", attempt: first) == .superseded)
        #expect(presence.answer("presence-b", attempt: second) == .unwanted)
    }

    @Test("messages held while joining: those after the floor are released in order, an overflow refuses the join")
    func heldWhileJoining() {
        func message(_ n: UInt64) -> StoredMessage {
            let incoming = IncomingMessage(type: "member", knownType: nil, data: .object([:]), audience: Audience())
            return StoredMessage(id: StreamID(milliseconds: 1000, sequence: n), seq: n, message: incoming, timestamp: "2026-12-07T05:00:00Z")
        }
        var presence = PusherPresence()
        let member = PresenceMember(userId: "1", info: "null")
        #expect(!presence.isJoining("presence-a"))
        _ = presence.joining("presence-a", as: member)
        #expect(presence.isJoining("presence-a"))
        for n: UInt64 in 1...4 { presence.hold(message(n), on: "presence-a") }
        // The members list is as of entry 2: entries 3 and 4 follow it, once.
        #expect(presence.release("presence-a", after: StreamID(milliseconds: 1000, sequence: 2))?.map(\.seq) == [3, 4])
        #expect(presence.release("presence-a", after: .zero)?.isEmpty == true)

        _ = presence.joining("presence-b", as: member)
        for n in 0...UInt64(PusherPresence.maxHeld) { presence.hold(message(n), on: "presence-b") }
        #expect(presence.release("presence-b", after: .zero) == nil)
        // A new attempt starts clean.
        presence.hold(message(1), on: "presence-b")
        presence.discardHeld("presence-b")
        #expect(presence.release("presence-b", after: .zero)?.isEmpty == true)
    }

    @Test("BRIDGE_PRESENCE_TTL: 15 s by default, 2 to 28 s so a dead node's members go within 30 s")
    func ttlSetting() throws {
        let secret: [SettingKey: String] = [.secret: String(repeating: "k", count: 32)]
        #expect(try BridgeConfiguration(settings: secret).presenceTTL == 15)
        #expect(try BridgeConfiguration(settings: secret.merging([.presenceTTL: "3"]) { $1 }).presenceTTL == 3)
        for bad in ["1", "29", "x"] {
            #expect(throws: ConfigurationError.self) { try BridgeConfiguration(settings: secret.merging([.presenceTTL: bad]) { $1 }) }
        }
        let heartbeat = PresenceHeartbeat(store: PresenceStore(endpoint: .default, logKey: "k", maxLength: 1, node: "1",
                                                                eventLoop: EmbeddedEventLoop()),
                                           ttl: .seconds(15), logger: Logger(label: "test"))
        #expect(heartbeat.interval == .seconds(2))
        #expect(PresenceHeartbeat(store: heartbeat.store, ttl: .seconds(3), logger: heartbeat.logger).interval == .seconds(1))
    }

    @Test("BRIDGE_PRESENCE_MAX_MEMBERS: Pusher's 100 by default, 1 to 100,000, given to the store")
    func maxMembersSetting() throws {
        let secret: [SettingKey: String] = [.secret: String(repeating: "k", count: 32)]
        #expect(try BridgeConfiguration(settings: secret).presenceMaxMembers == 100)
        for good in [1, 3, 10_000, 100_000] {
            let settings = secret.merging([.presenceMaxMembers: String(good)]) { $1 }
            #expect(try BridgeConfiguration(settings: settings).presenceMaxMembers == good)
        }
        for bad in ["0", "-1", "100001", "many"] {
            #expect(throws: ConfigurationError.self) {
                try BridgeConfiguration(settings: secret.merging([.presenceMaxMembers: bad]) { $1 })
            }
        }
        let store = PresenceStore(endpoint: .default, logKey: "k", maxLength: 1, node: "1", eventLoop: EmbeddedEventLoop(), maxMembers: 7)
        #expect(store.maxMembers == 7)
        #expect(PresenceStore(endpoint: .default, logKey: "k", maxLength: 1, node: "1", eventLoop: EmbeddedEventLoop()).maxMembers == 100)
    }

    @Test("the join script's answers")
    func joinAnswer() throws {
        #expect(try PresenceStore.decodeJoin(.array([.string(Array("full".utf8))])) == .full)
        let reply = RedisReply.array([.string(Array("ok".utf8)), .string(Array("7-1".utf8)),
                                      .array([.string(Array("1".utf8)), .string(Array("{}".utf8))])])
        #expect(try PresenceStore.decodeJoin(reply)
                == .joined(floor: StreamID(milliseconds: 7, sequence: 1), members: [PresenceMember(userId: "1", info: "{}")]))
        #expect(throws: RedisError.self) { try PresenceStore.decodeJoin(.integer(1)) }
    }

    @Test("a presence client event keeps its sender's user_id through the log and in its frame")
    func clientEventSender() {
        let event = ChannelEvent(name: "client-typing", data: "{}", channels: ["presence-a"], excludedSocket: "1.2", userId: "5")
        #expect(ChannelEvent.fromLog(event.logEnvelope) == event)
        var frame = PusherFrame.event("client-typing", channel: "presence-a", data: "{}", userId: "5")
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        #expect(String(decoding: bytes.drop { $0 != UInt8(ascii: "{") }, as: UTF8.self)
                == #"{"event":"client-typing","channel":"presence-a","data":"{}","user_id":"5"}"#)
    }

    @Test("a termination travels through the log and is told apart from other envelopes")
    func termination() {
        let envelope = UserTermination(userId: "9").logEnvelope
        #expect(UserTermination.fromLog(envelope) == UserTermination(userId: "9"))
        #expect(UserTermination.fromLog(ChannelEvent(name: "e", data: "d", channels: ["c"]).logEnvelope) == nil)
        #expect(ChannelEvent.fromLog(envelope) == nil)
    }
}
