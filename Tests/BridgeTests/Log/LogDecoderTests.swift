@testable import Bridge
import Testing

/// docs/architecture.md#the-shared-log: entries become messages alike on every node, however the
/// reads were cut.
@Suite("Log decoder")
struct LogDecoderTests {
    static let decoder = EnvelopeDecoder(rules: RelevanceRules(roles: RoleConfiguration()), redisPrefix: "", userChannel: "App.Models.User.{id}")
    static let laravel = Array(#"{"event":"ticket_assigned","data":{"ticket":{"id":1,"title":"t","status":"open","requester_id":7,"assignee_id":5}}}"#.utf8)
    static let listener = Array(#"{"type":"system_notification_created","data":{"notification":{"id":1,"title":"t","message":"m","level":"info"}},"audience":{"users":[9]}}"#.utf8)

    static func entry(_ ms: UInt64, _ payload: [UInt8], channels: [String] = []) -> LogEntry {
        LogEntry(id: StreamID(milliseconds: ms, sequence: 0), payload: payload,
                 copies: channels.map { PublishedPayload(channel: $0, bytes: payload) })
    }

    static func messages(_ items: [LogDecoder.Item]) -> [LogMessage] {
        items.compactMap { if case .message(let message) = $0 { message } else { nil } }
    }

    @Test("one entry on two user channels is one message for both users, under the entry's id")
    func oneEntryTwoChannels() {
        var decoder = LogDecoder(decoder: Self.decoder)
        let items = decoder.decode([Self.entry(1000, Self.laravel, channels: ["private-App.Models.User.20", "private-App.Models.User.21"])]) { _ in }
        let messages = Self.messages(items)
        #expect(messages.count == 1)
        #expect(messages.first?.id == StreamID(milliseconds: 1000, sequence: 0))
        #expect(messages.first?.message.audience.users.isSuperset(of: ["20", "21"]) == true)
    }

    @Test("a later entry with the same channel through another pattern is dropped, whether read in the same batch or the next")
    func coveredCopyDropped() {
        let channel = "private-App.Models.User.20"
        let entries = [LogEntry(id: StreamID(milliseconds: 1000, sequence: 0), payload: Self.laravel,
                                copies: [PublishedPayload(channel: channel, pattern: "private-*", bytes: Self.laravel)]),
                       LogEntry(id: StreamID(milliseconds: 1001, sequence: 0), payload: Self.laravel,
                                copies: [PublishedPayload(channel: channel, pattern: "private-App.*", bytes: Self.laravel)])]
        var together = LogDecoder(decoder: Self.decoder)
        var apart = LogDecoder(decoder: Self.decoder)
        let one = Self.messages(together.decode(entries) { _ in })
        let two = Self.messages(apart.decode([entries[0]]) { _ in }) + Self.messages(apart.decode([entries[1]]) { _ in })
        #expect(one.map(\.id) == [StreamID(milliseconds: 1000, sequence: 0)])
        #expect(two.map(\.id) == one.map(\.id))
    }

    @Test("listener envelopes with no channel decode on their own; /broadcast entries count as broadcast; gaps pass through")
    func plainEntries() {
        var decoder = LogDecoder(decoder: Self.decoder)
        var http = Self.entry(2000, Self.listener)
        http.cameOverHTTP = true
        let items = decoder.decode([Self.entry(1000, Self.listener), LogEntry(id: StreamID(milliseconds: 1500, sequence: 0), isGap: true), http]) { _ in }
        #expect(items.count == 3)
        if case .gap = items[1] {} else { Issue.record("the gap marker is kept in place: \(items)") }
        #expect(Self.messages(items).map(\.source) == [.redis, .broadcast])
    }

    @Test("an entry that is not an envelope is rejected, and the rest still decode")
    func badEntry() {
        var decoder = LogDecoder(decoder: Self.decoder)
        var rejected: [RejectionReason] = []
        let items = decoder.decode([Self.entry(1000, Array("nope".utf8)), Self.entry(1001, Self.listener)]) { rejected.append($0.reason) }
        #expect(rejected == [.notJSON])
        #expect(Self.messages(items).count == 1)
    }
}
