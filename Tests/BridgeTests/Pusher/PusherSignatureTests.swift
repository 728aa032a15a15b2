@testable import Bridge
import Testing

/// docs/pusher.md#signatures, checked against the worked examples Pusher publishes (key
/// 278d425bdf160c739803, secret 7ad3773142a6692b25b8).
@Suite("Pusher signatures")
struct PusherSignatureTests {
    static let app = PusherApp(id: "3", key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8")
    static let documentedPrivate = "58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"

    @Test("the private channel example of Pusher's auth signature guide")
    func documentedChannelSignature() {
        #expect(PusherSignature.hex("1234.1234:private-foobar", secret: Self.app.secret) == Self.documentedPrivate)
        #expect(PusherChannelAuth(app: Self.app).auth(socketId: "1234.1234", channel: "private-foobar")
            == "278d425bdf160c739803:\(Self.documentedPrivate)")
    }

    @Test("the documented auth string authorises its socket and channel, and nothing else")
    func channelAuth() {
        let auth = PusherChannelAuth(app: Self.app)
        let good = "278d425bdf160c739803:\(Self.documentedPrivate)"
        #expect(auth.refusal(of: good, socketId: "1234.1234", channel: "private-foobar") == nil)
        #expect(auth.refusal(of: good, socketId: "1234.1235", channel: "private-foobar")?.contains("invalid signature") == true)
        #expect(auth.refusal(of: good, socketId: "1234.1234", channel: "private-foobaz") != nil)
        #expect(auth.refusal(of: "otherkey:\(Self.documentedPrivate)", socketId: "1234.1234", channel: "private-foobar")?.contains("PUSHER_APP_KEY") == true)
        #expect(auth.refusal(of: nil, socketId: "1234.1234", channel: "private-foobar")?.contains("/broadcasting/auth") == true)
        #expect(auth.refusal(of: Self.documentedPrivate, socketId: "1234.1234", channel: "private-foobar") != nil)
        #expect(auth.refusal(of: "278d425bdf160c739803:\(Self.documentedPrivate.uppercased())", socketId: "1234.1234", channel: "private-foobar") != nil)
    }

    @Test("constant-time comparison agrees with ==")
    func sameness() {
        #expect(PusherSignature.same("abc", "abc"))
        #expect(!PusherSignature.same("abc", "abd"))
        #expect(!PusherSignature.same("abc", "abcd"))
        #expect(!PusherSignature.same("", "a"))
        #expect(PusherSignature.same("", ""))
    }

    @Test("the HTTP API string to sign of Pusher's published example: method, path, sorted parameters")
    func documentedRequestSignature() {
        let query = ["auth_key": "278d425bdf160c739803", "auth_timestamp": "1272044395", "auth_version": "1.0",
                     "body_md5": "7b3d404f5cde4a0b9b8fb4789a0098cb", "name": "foo", "auth_signature": "ignored"]
        let text = PusherRequestSignature.stringToSign(method: "POST", path: "/apps/3/channels/test_channel/events", query: query)
        #expect(text == "POST\n/apps/3/channels/test_channel/events\nauth_key=278d425bdf160c739803&auth_timestamp=1272044395&auth_version=1.0&body_md5=7b3d404f5cde4a0b9b8fb4789a0098cb&name=foo")
        #expect(PusherSignature.hex(text, secret: Self.app.secret) == "309fc4be20f04e53e011b00744642d3fe66c2c7c5686f35ed6cd2af6f202e445")
    }

    @Test("MD5 of a body in lowercase hex")
    func bodyMD5() {
        #expect(PusherSignature.md5(Array(#"{"name":"foo"}"#.utf8)) == "50b6137335559d7afac1144578f8e178")
    }
}
