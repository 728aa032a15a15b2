@testable import Bridge
import Testing

/// docs/architecture.md#the-shared-log: the copies of one publication in one read become one entry.
@Suite("Publication groups")
struct PublicationGroupTests {
    static let payload = Array(#"{"event":"x"}"#.utf8)

    @Test("copies on several channels join one group; the same subscription again is a new publication")
    func grouping() {
        let groups = PublicationGroup.group([
            PublishedPayload(channel: "a", bytes: Self.payload),
            PublishedPayload(channel: "b", bytes: Self.payload),
            PublishedPayload(channel: "a", bytes: Self.payload),
            PublishedPayload(channel: "a", pattern: "*", bytes: Self.payload),
            PublishedPayload(channel: "a", bytes: Array("other".utf8)),
        ])
        #expect(groups.map { $0.copies.map(\.channel) } == [["a", "b"], ["a", "a"], ["a"]])
        #expect(groups[1].copies.map(\.pattern) == [nil, "*"])
    }
}
