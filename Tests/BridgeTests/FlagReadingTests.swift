import Testing
@testable import Bridge

/// The flag readings of docs/protocol.md ("Flags in payloads"), value by value, and what they
/// mean for internal comments, drafts and `audience.everyone`.
@Suite("Flags in payloads")
struct FlagReadingTests {
    static let no = ["null", "false", "0", "0.0", #""0""#, #""false""#, #""FALSE""#, #""""#]
    static let yes = ["true", "1", "1.0", #""1""#, #""true""#, #""True""#, #""TRUE""#]
    static let unclear = [#""yes""#, #""no""#, "2", "-1", "0.5", "[]", "{}", "[true]", #""tru""#, #"" 1""#]

    let rules = RelevanceRules(roles: RoleConfiguration())

    @Test("each value reads as documented")
    func readings() throws {
        for text in Self.no { #expect(try json(text).flag == .no, "\(text)") }
        for text in Self.yes { #expect(try json(text).flag == .yes, "\(text)") }
        for text in Self.unclear { #expect(try json(text).flag == .unclear, "\(text)") }
        #expect((nil as JSONValue?).flag == .no)
    }

    @Test("an internal comment in any yes or unclear form never reaches the requester", arguments: yes + unclear)
    func internalComment(value: String) throws {
        let data = try comment(isInternal: value)
        #expect(rules.baseAudience(of: .ticketCommentCreated, data: data).admitted() == ["staff", "admin", "author"])
    }

    @Test("a public comment in any no form reaches the requester", arguments: no + ["absent"])
    func publicComment(value: String) throws {
        let data = try comment(isInternal: value)
        #expect(rules.baseAudience(of: .ticketCommentCreated, data: data).admits(.requester))
    }

    @Test("an article is published only when the flag clearly says yes", arguments: yes + no + unclear)
    func article(value: String) throws {
        let data = try json(#"{"article": {"id": 1, "author_id": 9, "is_published": \#(value)}}"#)
        let audience = rules.baseAudience(of: .knowledgeArticleUpdated, data: data)
        #expect(audience.admits(.other) == Self.yes.contains(value))
    }

    @Test("audience.everyone widens only on a clear yes", arguments: yes + no + unclear)
    func everyone(value: String) throws {
        let text = #"{"type": "invoice_paid", "data": {}, "audience": {"everyone": \#(value)}}"#
        let message = try #require(EnvelopeDecoder.laravel.decode(text).success)
        #expect(message.audience.admits(.other) == Self.yes.contains(value))
    }

    private func comment(isInternal value: String) throws -> JSONValue {
        let flag = value == "absent" ? "" : #", "is_internal": \#(value)"#
        return try json(#"{"ticket": {"id": 1, "requester_id": 7, "assignee_id": 5}, "comment": {"id": 2, "author_id": 9\#(flag)}}"#)
    }
}
