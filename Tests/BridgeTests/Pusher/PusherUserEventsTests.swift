import Foundation
@testable import Bridge
import NIOCore
import Testing

/// docs/pusher.md#help-desk-events: a signed-in Pusher connection receives the eleven types by the
/// audience a `/ws` session of the same user and roles gets, on `#server-to-user-{id}`.
@Suite("Pusher help-desk events")
struct PusherUserEventsTests {
    static func stored(_ envelope: [UInt8], excludedSession: String? = nil) throws -> StoredMessage {
        let message = try #require(EnvelopeDecoder.laravel.decode(envelope, channel: nil).success)
        return StoredMessage(id: StreamID(milliseconds: 1_765_000_000_000, sequence: 1), seq: 1, message: message, timestamp: "2026-12-07T12:00:00Z")
    }

    static func internalComment() throws -> StoredMessage {
        try stored(Envelopes.listener("ticket_comment_created", json(
            #"{"ticket": {"id": 4, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 3, "author_id": 5, "is_internal": true}}"#)))
    }

    @Test("an internal comment reaches staff and its author, not the requester, as /ws does")
    func internalCommentAudience() throws {
        let message = try Self.internalComment()
        for (user, roles, admitted) in [("1", ["technician"], true), ("5", [], true), ("7", [], false), ("8", ["manager"], false)] {
            let asPusher = PusherUserEvents.admits(message, user: user, roles: Set(roles), socketId: "3.3")
            #expect(asPusher == admitted, "user \(user)")
            #expect(asPusher == message.audience.admits(user: user, sessionRoles: Set(roles), sessionId: "9.9"))
        }
    }

    @Test("the frame: the type as event name, the user's channel, the message data as JSON text")
    func frame() throws {
        let message = try Self.internalComment()
        let frame = try #require(PusherUserEvents.frame(for: message, user: "1"))
        let fields = try json(frame.frameText)
        #expect(fields["event"] == .string("ticket_comment_created"))
        #expect(fields["channel"] == .string("#server-to-user-1"))
        guard case .string(let data)? = fields["data"] else {
            Issue.record("data is not JSON text: \(fields)")
            return
        }
        #expect(try json(data)[path: "comment.is_internal"] == .bool(true))
        #expect(try json(data)["ticket"]?["requester_id"] == .integer(7))
    }

    @Test("only the eleven types: a Laravel event on the user's channel is not a help-desk event")
    func onlyKnownTypes() throws {
        let message = try #require(EnvelopeDecoder.laravel.decode(Envelopes.laravel("InvoicePaid", .object(["id": .integer(1)])),
                                                                  channel: "laravel_database_private-App.Models.User.7").success)
        let stored = StoredMessage(id: StreamID(milliseconds: 1, sequence: 1), seq: 1, message: message, timestamp: "2026-12-07T12:00:00Z")
        #expect(stored.audience.admits(user: "7", sessionRoles: [], sessionId: "1.1"))
        #expect(!PusherUserEvents.admits(stored, user: "7", roles: [], socketId: "1.1"))
    }

    @Test("the data of an event frame is cut from its JSON exactly", arguments: [#"{}"#, #"{"a":"\",\"data\":"}"#, #"{"x":[1,{"y":null}]}"#])
    func dataSlice(text: String) throws {
        let encoded = EventFrameEncoder.encode(id: "1-1", type: "t\",\"data\":", timestamp: "now", data: try json(text))
        let data = try #require(EventFrameEncoder.data(ofEventJSON: encoded))
        #expect(try json(String(buffer: data)) == (try json(text)))
    }
}
