import Foundation
import Testing

/// docs/pusher.md#user-authentication: `pusher:signin` with user_data signed as the Pusher SDKs
/// sign it, the user's `#server-to-user-{id}` channel, and 4009 for bad signatures and blocked users.
@Suite("Pusher: signin", .serialized, .stack(PusherTestApp.configuration))
struct PusherSigninTests {
    @Test("a correctly signed signin is answered with signin_success carrying the user_data; its own user channel subscribes, another does not")
    func signedIn() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.connect(port: stack.port)
        defer { client.close() }
        let userData = PusherTestApp.userData(id: "5", roles: ["technician"])
        let reply = try await client.signIn(userData: userData)
        #expect(reply["event"] == "pusher:signin_success")
        #expect(reply["data"]?["user_data"]?.string == userData)
        let own = try await client.subscribe("#server-to-user-5")
        #expect(own["event"] == "pusher_internal:subscription_succeeded")
        #expect(own["channel"] == "#server-to-user-5")
        let other = try await client.subscribe("#server-to-user-6")
        #expect(other["event"] == "pusher:subscription_error")
        #expect(other["data"]?["status"]?.int == 403)
    }

    @Test("before signin, a user channel is refused")
    func userChannelNeedsSignin() async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        let reply = try await client.subscribe("#server-to-user-5")
        #expect(reply["event"] == "pusher:subscription_error")
        #expect(reply["data"]?["error"]?.string?.contains("pusher:signin") == true)
    }

    @Test("a signature for another socket, user_data or secret gets pusher:error 4009 and the close code 4009")
    func badSignature() async throws {
        let stack = try Stack.require()
        let userData = PusherTestApp.userData(id: "5", roles: [])
        for auth in [PusherTestApp.userAuth(socketId: "1.1", userData: userData),
                     PusherTestApp.userAuth(socketId: "1.1", userData: userData).replacingOccurrences(of: PusherTestApp.key, with: "other-key"),
                     "\(PusherTestApp.key):\(String(repeating: "0", count: 64))"] {
            let client = try await PusherClient.connect(port: stack.port)
            defer { client.close() }
            let error = try await client.signIn(userData: userData, auth: auth)
            #expect(error["event"] == "pusher:error")
            #expect(error["data"]?["code"]?.int == 4009)
            #expect(try await client.ws.closeCode() == 4009)
        }
    }

    @Test("user_data without a string id is refused with 4009")
    func noId() async throws {
        let client = try await PusherClient.connect(port: try Stack.require().port)
        defer { client.close() }
        let error = try await client.signIn(userData: #"{"id":5}"#)
        #expect(error["data"]?["code"]?.int == 4009)
        #expect(error["data"]?["message"]?.string?.contains("\"id\"") == true)
        #expect(try await client.ws.closeCode() == 4009)
    }

    @Test("signing in again as another user is refused with code null; the first user stays")
    func anotherUser() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.signedIn(port: stack.port, id: "5")
        defer { client.close() }
        let error = try await client.signIn(userData: PusherTestApp.userData(id: "6", roles: []))
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.isNull == true)
        #expect(try await client.subscribe("#server-to-user-5")["event"] == "pusher_internal:subscription_succeeded")
    }

    @Test("a blocked user gets the user_status_changed, then 4009; signing in again is refused with 4009 until reactivated")
    func blocked() async throws {
        let stack = try Stack.require()
        let client = try await PusherClient.signedIn(port: stack.port, id: "66")
        defer { client.close() }
        try await stack.publish(Envelope.userStatusChanged(user: 66, to: "blocked"))
        let event = try await client.next()
        #expect(event["event"] == "user_status_changed")
        #expect(event["channel"] == "#server-to-user-66")
        let error = try await client.next()
        #expect(error["event"] == "pusher:error")
        #expect(error["data"]?["code"]?.int == 4009)
        #expect(try await client.ws.closeCode() == 4009)

        let again = try await PusherClient.connect(port: stack.port)
        defer { again.close() }
        let refused = try await again.signIn(userData: PusherTestApp.userData(id: "66", roles: []))
        #expect(refused["data"]?["code"]?.int == 4009)
        #expect(refused["data"]?["message"]?.string?.contains("blocked") == true)

        try await stack.broadcast(Envelope.userStatusChanged(user: 66, to: "active"))
        let later = try await PusherClient.signedIn(port: stack.port, id: "66")
        later.close()
    }
}
