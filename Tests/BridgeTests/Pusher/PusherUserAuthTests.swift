@testable import Bridge
import Testing

/// docs/pusher.md#user-authentication: `pusher:signin` signatures, checked against the example of
/// the Pusher Node SDK's own tests (key 1234, secret tofu), and what `user_data` must hold.
@Suite("Pusher user authentication")
struct PusherUserAuthTests {
    static let sdkApp = PusherApp(id: "10000", key: "1234", secret: "tofu")
    static let auth = PusherUserAuth(app: sdkApp)

    @Test("the Pusher SDK's authenticateUser example: socket_id::user::user_data under the secret")
    func sdkExample() {
        let expected = "1234:f4b1fdeea7c93e32648c7230e32b172057c5623cace6cfce791c6e7035e0babd"
        #expect(Self.auth.auth(socketId: "123.456", userData: #"{"id":"45678"}"#) == expected)
        #expect(Self.auth.user(auth: expected, userData: #"{"id":"45678"}"#, socketId: "123.456") == .success(.init(id: "45678", roles: [])))
    }

    @Test("roles come from user_info.roles")
    func roles() {
        let data = #"{"id":"5","user_info":{"roles":["technician","admin"],"name":"Ann"}}"#
        let signed = Self.auth.auth(socketId: "1.2", userData: data)
        #expect(Self.auth.user(auth: signed, userData: data, socketId: "1.2") == .success(.init(id: "5", roles: ["technician", "admin"])))
    }

    @Test("another socket, key, user_data or a missing field is refused with 4009, saying what to check")
    func refused() throws {
        let data = #"{"id":"5"}"#
        let signed = Self.auth.auth(socketId: "1.2", userData: data)
        let cases: [(String?, String?, String, String)] = [
            (signed, data, "1.3", "PUSHER_APP_SECRET"),
            (signed, #"{"id":"6"}"#, "1.2", "PUSHER_APP_SECRET"),
            ("other" + signed.dropFirst(4), data, "1.2", "PUSHER_APP_KEY"),
            (nil, data, "1.2", "data.auth"),
            (signed, nil, "1.2", "user_data"),
        ]
        for (auth, userData, socket, hint) in cases {
            let refusal = try #require(Self.auth.user(auth: auth, userData: userData, socketId: socket).failure)
            #expect(refusal.code == 4009)
            #expect(refusal.message.contains(hint), "\(refusal.message)")
        }
    }

    @Test("user_data must be an object with a string id; roles a list of names",
          arguments: [#"[1]"#, #"{"id":5}"#, #"{"id":""}"#, #"{"name":"x"}"#, #"{"id":"5","user_info":{"roles":"admin"}}"#, "not json"])
    func badUserData(data: String) throws {
        let signed = Self.auth.auth(socketId: "1.2", userData: data)
        let refusal = try #require(Self.auth.user(auth: signed, userData: data, socketId: "1.2").failure)
        #expect(refusal.code == 4009)
        #expect(refusal.message.contains("user_data"))
    }

    @Test("signin_success carries the user_data text as sent")
    func successFrame() {
        #expect(PusherFrame.signinSuccess(userData: #"{"id":"5"}"#).frameText == #"{"event":"pusher:signin_success","data":{"user_data":"{\"id\":\"5\"}"}}"#)
    }
}
