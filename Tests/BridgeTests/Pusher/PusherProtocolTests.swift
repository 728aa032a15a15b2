@testable import Bridge
import NIOCore
import Testing

/// docs/pusher.md#connection: client frames, channel kinds, the activity timer and server frames.
@Suite("Pusher protocol")
struct PusherProtocolTests {
    func parse(_ text: String) -> PusherClientFrame {
        PusherClientFrame.parse(ByteBuffer(string: text))
    }

    @Test("client frames, with data as an object or a JSON string")
    func clientFrames() {
        #expect(parse(#"{"event":"pusher:ping","data":{}}"#) == .ping)
        #expect(parse(#"{"event":"pusher:subscribe","data":{"channel":"private-a","auth":"k:s"}}"#)
            == .subscribe(channel: "private-a", auth: "k:s", channelData: nil))
        #expect(parse(#"{"event":"pusher:subscribe","data":"{\"channel\":\"news\"}"}"#) == .subscribe(channel: "news", auth: nil, channelData: nil))
        #expect(parse(#"{"event":"pusher:unsubscribe","data":{"channel":"news"}}"#) == .unsubscribe(channel: "news"))
        #expect(parse(#"{"event":"client-typing","channel":"private-a","data":{"n":1}}"#)
            == .clientEvent(name: "client-typing", channel: "private-a", data: .object(["n": .integer(1)])))
        #expect(parse(#"{"event":"client-typing","data":"text"}"#) == .clientEvent(name: "client-typing", channel: nil, data: .string("text")))
        #expect(parse(#"{"event":"pusher:signin","data":{"auth":"k:s","user_data":"{\"id\":\"5\"}"}}"#)
            == .signin(auth: "k:s", userData: #"{"id":"5"}"#))
        #expect(parse(#"{"event":"pusher:signin","data":{}}"#) == .signin(auth: nil, userData: nil))
        #expect(parse(#"{"event":"pusher:what"}"#) == .unknown("pusher:what"))
        #expect(parse("nope") == .malformed("a frame must be a JSON object such as {\"event\":\"pusher:ping\",\"data\":{}}"))
        if case .malformed(let reason) = parse(#"{"event":"pusher:subscribe","data":{}}"#) {
            #expect(reason.contains("data.channel"))
        } else {
            Issue.record("a subscribe without a channel is malformed")
        }
        #expect(PusherClientFrame.parse(ByteBuffer(bytes: [0x7B, 0xFF, 0x7D])) == .invalidUTF8)
    }

    @Test("channel kinds and names")
    func channels() {
        #expect(PusherChannel("tickets") == .publicChannel)
        #expect(PusherChannel("private-App.Models.User.5") == .privateChannel)
        #expect(PusherChannel("private-encrypted-room") == .privateChannel)
        #expect(PusherChannel("presence-room") == .presence)
        #expect(PusherChannel("a b") != .publicChannel)
        #expect(PusherChannel("") != .publicChannel)
        #expect(PusherChannel(String(repeating: "c", count: 164)) == .publicChannel)
        #expect(PusherChannel(String(repeating: "c", count: 165)) != .publicChannel)
    }

    @Test("ping after 120 s of silence, close 30 s after an unanswered ping, any frame resets")
    func activity() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var activity = PusherActivity(now: start)
        #expect(activity.check(now: start + .seconds(119)) == .nothing)
        #expect(activity.check(now: start + .seconds(120)) == .ping)
        #expect(activity.check(now: start + .seconds(149)) == .nothing)
        #expect(activity.check(now: start + .seconds(150)) == .close)
        activity.heard(at: start + .seconds(150))
        #expect(activity.check(now: start + .seconds(200)) == .nothing)
        #expect(activity.check(now: start + .seconds(270)) == .ping)
        activity.heard(at: start + .seconds(271))
        #expect(activity.check(now: start + .seconds(390)) == .nothing)
    }

    @Test("server frames carry data as JSON text, errors as an object")
    func serverFrames() {
        #expect(text(PusherFrame.connectionEstablished(socketId: "12.34", activityTimeout: 120))
            == #"{"event":"pusher:connection_established","data":"{\"socket_id\":\"12.34\",\"activity_timeout\":120}"}"#)
        #expect(text(PusherFrame.event("ticket.updated", channel: "tickets", data: #"{"id":5}"#))
            == #"{"event":"ticket.updated","channel":"tickets","data":"{\"id\":5}"}"#)
        #expect(text(PusherFrame.error(code: 4001, message: "no app")) == #"{"event":"pusher:error","data":{"code":4001,"message":"no app"}}"#)
        #expect(text(PusherFrame.error(code: nil, message: "bad")) == #"{"event":"pusher:error","data":{"code":null,"message":"bad"}}"#)
    }

    /// The payload of a server frame (short frames: a 2-byte header).
    func text(_ frame: ByteBuffer) -> String {
        frame.frameText
    }
}
