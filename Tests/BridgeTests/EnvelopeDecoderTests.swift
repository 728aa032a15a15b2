import Testing
@testable import Bridge

/// docs/protocol.md#ingest-envelopes: the two envelopes, and every kind of bad input refused by reason.
@Suite("Envelope decoding")
struct EnvelopeDecoderTests {
    let decoder = EnvelopeDecoder.laravel
    static let publicChannel = "laravel_database_ict.events"

    // MARK: - The two envelopes

    @Test("the listener envelope of docs/protocol.md#ingest-envelopes: type, data unchanged, rule plus audience")
    func listenerEnvelope() throws {
        let text = #"""
            {"type": "ticket_assigned",
             "data": {"ticket": {"id": 42, "title": "Printer", "status": "open", "requester_id": 7, "assignee_id": 5},
                      "previous_assignee_id": null, "assigned_by": 1},
             "audience": {"users": [9], "roles": ["manager"], "everyone": false},
             "occurred_at": "2026-11-26T15:00:00Z"}
            """#
        let message = try #require(decoder.decode(text, channel: Self.publicChannel).success)
        #expect(message.type == "ticket_assigned")
        #expect(message.knownType == .ticketAssigned)
        #expect(message.data == (try json(text))["data"])
        #expect(message.audience.admitted() == ["staff", "admin", "requester", "assignee", "author"])
        #expect(message.audience.admits(Viewer("manager", user: "300", roles: ["manager"])))
    }

    @Test("the Laravel envelope of docs/protocol.md#ingest-envelopes: event class mapped to its type, socket dropped from data")
    func laravelEnvelope() throws {
        let text = #"""
            {"event": "App\\Events\\TicketAssigned",
             "data": {"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}, "socket": "1234.5678"},
             "socket": "1234.5678"}
            """#
        let message = try #require(decoder.decode(text, channel: "laravel_database_private-App.Models.User.9").success)
        #expect(message.type == "ticket_assigned")
        #expect(message.knownType == .ticketAssigned)
        #expect(message.data == (try json(#"{"ticket": {"id": 42, "requester_id": 7, "assignee_id": 5}}"#)))
        #expect(message.audience.excludedSessionId == "1234.5678")
        #expect(message.audience.admitted() == ["staff", "admin", "requester", "assignee", "author"])
    }

    @Test("socket excludes exactly that session (->toOthers()), even a staff one")
    func socketExcludesThatSession() throws {
        let data = try SampleData.data(.ticketCreated)
        let message = try #require(decoder.decode(Envelopes.laravel("TicketCreated", data, socket: "1234.5678"),
                                                  channel: Self.publicChannel).success)
        let sender = Viewer("sender", user: "100", roles: ["technician"], sessionId: "1234.5678")
        let senderOtherTab = Viewer("sender's other tab", user: "100", roles: ["technician"], sessionId: "1234.9999")
        #expect(!message.audience.admits(sender))
        #expect(message.audience.admits(senderOtherTab))
        #expect(message.audience.admits(.requester))
    }

    @Test("socket null excludes nobody, and the copy inside data is dropped all the same")
    func nullSocket() throws {
        let data = try SampleData.data(.ticketCreated).setting(path: "socket", to: .null)
        let message = try #require(decoder.decode(Envelopes.laravel("TicketCreated", data), channel: Self.publicChannel).success)
        #expect(message.audience.excludedSessionId == nil)
        #expect(message.data["socket"] == nil)
        #expect(message.audience.admitted() == ["staff", "admin", "requester", "assignee"])
    }

    // MARK: - Required fields

    @Test("the sample data of every type is complete, so the missing-field cases below are meaningful",
          arguments: MessageType.allCases)
    func sampleDataDecodes(type: MessageType) throws {
        let result = decoder.decode(try Envelopes.listener(type.rawValue, SampleData.data(type)), channel: nil)
        #expect(result.success?.knownType == type, "\(String(describing: result.failure))")
    }

    @Test("the library requires exactly the fields of docs/protocol.md#who-receives-what", arguments: MessageType.allCases)
    func requiredFieldsMatchSpec(type: MessageType) {
        #expect(type.requiredFields == SampleData.requiredFields[type])
    }

    @Test("a known type without a required field is refused as missing_field, naming the path",
          arguments: SampleData.requiredPairs)
    func missingField(type: MessageType, path: String) throws {
        let data = try SampleData.data(type).removing(path: path)
        let rejection = try #require(decoder.decode(try Envelopes.listener(type.rawValue, data), channel: nil).failure)
        #expect(rejection.reason == .missingField)
        #expect(rejection.field == path)
        #expect(rejection.message.contains(path), "\(rejection.message)")
    }

    @Test("a required field that is null counts as missing", arguments: SampleData.requiredPairs)
    func nullRequiredField(type: MessageType, path: String) throws {
        let data = try SampleData.data(type).setting(path: path, to: .null)
        let rejection = try #require(decoder.decode(try Envelopes.listener(type.rawValue, data), channel: nil).failure)
        #expect(rejection.reason == .missingField)
    }

    @Test("a Laravel envelope of a known type needs the same fields")
    func laravelMissingField() throws {
        let data = try json(#"{"ticket": {"id": 1}, "socket": null}"#)
        let rejection = try #require(decoder.decode(try Envelopes.laravel(".ticket.created", data),
                                                    channel: Self.publicChannel).failure)
        #expect(rejection.reason == .missingField)
    }

    @Test("the rejection's field is the dotted path in data, as docs/protocol.md#who-receives-what lists it and /broadcast's 400 reports it")
    func missingFieldIsTheDottedPathInData() throws {
        let data = try json(#"{"ticket": {"id": 1}}"#)
        let rejection = try #require(decoder.decode(try Envelopes.listener("ticket_created", data), channel: nil).failure)
        #expect(rejection.field == "ticket.requester_id")
    }

    // MARK: - Bad input

    @Test("not JSON, invalid UTF-8 included, is refused as not_json", arguments: [
        Array(#"{"type": "#.utf8),
        Array("hello".utf8),
        [],
        Array(#"{"type": "invoice_paid", "data": {"x": ""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8),
        Array(#"{"type": "invoice_paid", "data": {"x": ""#.utf8) + [0xC0, 0xAF] + Array(#""}}"#.utf8),
        Array(#"{"type": "invoice_paid", "data": {"x": ""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}}"#.utf8),
        Array(#"{"type": "invoice_paid", "data": {"x": ""#.utf8) + [0xE2, 0x82] + Array(#""}}"#.utf8),
    ] as [[UInt8]])
    func notJSON(bytes: [UInt8]) throws {
        let rejection = try #require(decoder.decode(bytes, channel: Self.publicChannel).failure)
        #expect(rejection.reason == .notJSON)
    }

    @Test("wrong shapes are refused as wrong_shape, naming the field where there is one", arguments: [
        (#"[{"type": "ticket_created"}]"#, nil),
        (#""ticket_created""#, nil),
        ("42", nil),
        ("null", nil),
        ("{}", "type"),
        (#"{"data": {}}"#, "type"),
        (#"{"type": 5}"#, "type"),
        (#"{"type": ""}"#, "type"),
        (#"{"type": null}"#, "type"),
        (#"{"event": 5}"#, "event"),
        (#"{"event": ""}"#, "event"),
        (#"{"type": "invoice_paid", "data": [1]}"#, "data"),
        (#"{"type": "invoice_paid", "data": "x"}"#, "data"),
        (#"{"event": "InvoicePaid", "data": "x"}"#, "data"),
        (#"{"type": "invoice_paid", "audience": "everyone"}"#, "audience"),
        (#"{"type": "invoice_paid", "audience": {"users": "5"}}"#, "audience.users"),
        (#"{"type": "invoice_paid", "audience": {"users": [{"id": 5}]}}"#, "audience.users"),
        (#"{"type": "invoice_paid", "audience": {"users": [true]}}"#, "audience.users"),
        (#"{"type": "invoice_paid", "audience": {"roles": "admin"}}"#, "audience.roles"),
        (#"{"type": "invoice_paid", "audience": {"roles": [1]}}"#, "audience.roles"),
    ] as [(String, String?)])
    func wrongShape(text: String, field: String?) throws {
        let rejection = try #require(decoder.decode(text, channel: Self.publicChannel).failure)
        #expect(rejection.reason == .wrongShape)
        if let field { #expect(rejection.field == field) }
    }

    @Test("over 1 MiB is refused as too_large; exactly 1 MiB is accepted")
    func sizeLimit() throws {
        func envelope(totalBytes: Int) -> [UInt8] {
            let head = Array(#"{"type": "system_notification_created", "data": {"notification": {"id": 1, "title": ""#.utf8)
            let tail = Array(#""}}}"#.utf8)
            return head + Array(repeating: UInt8(ascii: "x"), count: totalBytes - head.count - tail.count) + tail
        }
        let exact = envelope(totalBytes: 1_048_576)
        let over = envelope(totalBytes: 1_048_577)
        #expect(exact.count == 1_048_576 && over.count == 1_048_577)
        #expect(decoder.decode(exact, channel: Self.publicChannel).success?.type == "system_notification_created")
        #expect(decoder.decode(over, channel: Self.publicChannel).failure?.reason == .tooLarge)
    }

    @Test("types starting with bridge: are reserved, in both envelopes", arguments: [
        #"{"type": "bridge:welcome", "data": {}}"#,
        #"{"type": "bridge:resync"}"#,
        #"{"event": "bridge:resync", "data": {}}"#,
        #"{"event": ".bridge:welcome", "data": {}}"#,
    ])
    func reservedTypes(text: String) throws {
        let rejection = try #require(decoder.decode(text, channel: Self.publicChannel).failure)
        #expect(rejection.reason == .reservedType)
    }

    // MARK: - What the channel adds

    @Test("an unknown Laravel event on a public channel reaches everyone and keeps its name, namespace included")
    func unknownEventOnPublicChannel() throws {
        let bytes = try Envelopes.laravel(#"App\Events\InvoicePaid"#, try json(#"{"invoice": {"id": 1}}"#))
        let message = try #require(decoder.decode(bytes, channel: Self.publicChannel).success)
        #expect(message.type == #"App\Events\InvoicePaid"#)
        #expect(message.knownType == nil)
        #expect(message.audience.admitted() == Set(Viewer.all.map(\.name)))
    }

    @Test("an unknown Laravel event on a user channel reaches only that user")
    func unknownEventOnUserChannel() throws {
        let bytes = try Envelopes.laravel(".invoice.paid", try json(#"{"invoice": {"id": 1}}"#))
        let message = try #require(decoder.decode(bytes, channel: "laravel_database_private-App.Models.User.5").success)
        #expect(message.type == "invoice.paid")
        #expect(message.audience.admitted() == ["assignee"])
    }

    @Test("an unknown Laravel event on a channel the bridge cannot authorise is dropped as unroutable", arguments: [
        "laravel_database_private-orders.1",
        "laravel_database_presence-room.1",
        "laravel_database_presence-App.Models.User.5",
        "laravel_database_private-encrypted-App.Models.User.5",
    ])
    func unknownEventOnUnauthorisableChannel(channel: String) throws {
        let bytes = try Envelopes.laravel("InvoicePaid", try json(#"{"invoice": {"id": 1}}"#))
        let rejection = try #require(decoder.decode(bytes, channel: channel).failure)
        #expect(rejection.reason == .unroutable)
        #expect(rejection.reason.rawValue.contains("unroutable"))
    }

    @Test("a known Laravel event on a public, presence or other private channel follows its rule; the channel adds nobody",
          arguments: [publicChannel, "laravel_database_presence-room.1", "laravel_database_private-orders.1"])
    func knownEventFollowsItsRule(channel: String) throws {
        let bytes = try Envelopes.laravel("TicketCreated", try SampleData.data(.ticketCreated))
        let message = try #require(decoder.decode(bytes, channel: channel).success)
        #expect(message.audience.admitted() == ["staff", "admin", "requester", "assignee"])
    }

    @Test("a user channel adds its user to a known type, in both envelopes")
    func userChannelAddsUser() throws {
        let data = try SampleData.data(.ticketCreated)
        let channel = "laravel_database_private-App.Models.User.200"
        for bytes in [try Envelopes.laravel("TicketCreated", data), try Envelopes.listener("ticket_created", data)] {
            let message = try #require(decoder.decode(bytes, channel: channel).success)
            #expect(message.audience.admitted() == ["staff", "admin", "requester", "assignee", "other"])
        }
    }

    @Test("a Laravel envelope without a channel (/broadcast) adds nobody")
    func laravelEnvelopeWithoutChannel() throws {
        let bytes = try Envelopes.laravel("InvoicePaid", try json(#"{"invoice": {"id": 1}}"#))
        let message = try #require(decoder.decode(bytes, channel: nil).success)
        #expect(message.audience.admitted().isEmpty)
    }

    @Test("an unknown listener type is accepted and reaches its audience only")
    func unknownListenerType() throws {
        let bytes = try Envelopes.listener("invoice_paid", try json(#"{"invoice": {"id": 1}}"#),
                                           ["audience": try json(#"{"users": ["7", 5]}"#)])
        let message = try #require(decoder.decode(bytes, channel: nil).success)
        #expect(message.type == "invoice_paid")
        #expect(message.knownType == nil)
        #expect(message.audience.admitted() == ["requester", "assignee"])
    }

    @Test("audience and occurred_at are optional; audience null is no audience")
    func optionalFields() throws {
        for text in [#"{"type": "user_created", "data": {"user": {"id": 7}}}"#,
                     #"{"type": "user_created", "data": {"user": {"id": 7}}, "audience": null, "occurred_at": null}"#] {
            let message = try #require(decoder.decode(text, channel: nil).success)
            #expect(message.audience.admitted() == ["admin"])
        }
    }

    @Test("audience.everyone true reaches every session")
    func audienceEveryone() throws {
        let bytes = try Envelopes.listener("user_created", try SampleData.data(.userCreated),
                                           ["audience": try json(#"{"everyone": true}"#)])
        let message = try #require(decoder.decode(bytes, channel: nil).success)
        #expect(message.audience.admitted() == Set(Viewer.all.map(\.name)))
    }
}
