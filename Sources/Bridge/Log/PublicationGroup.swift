/// The copies of one publication in one pub/sub read: the same payload through different
/// subscriptions (Laravel's EVAL publishes one event on every channel at once; a channel may
/// match two patterns). Appended to the log as one entry, so one publication has one id.
struct PublicationGroup: Sendable, Equatable {
    var payload: [UInt8]
    var copies: [PublishedPayload]

    /// Groups a read in arrival order: a payload seen again through a new subscription joins its
    /// group; through the same subscription it is a new publication.
    static func group(_ batch: [PublishedPayload]) -> [PublicationGroup] {
        var groups: [PublicationGroup] = []
        var latestByPayload: [[UInt8]: Int] = [:]
        for published in batch {
            if let index = latestByPayload[published.bytes],
               !groups[index].copies.contains(where: { $0.subscription == published.subscription }) {
                groups[index].copies.append(published)
                continue
            }
            latestByPayload[published.bytes] = groups.count
            groups.append(PublicationGroup(payload: published.bytes, copies: [published]))
        }
        return groups
    }

    /// The channels as the log's `c` field: a JSON array of names.
    var channelsField: [UInt8] { Self.jsonArray(copies.map(\.channel)) }

    /// The patterns as the log's `p` field (same order, "" for a plain subscription), or empty
    /// when no copy came through a pattern.
    var patternsField: [UInt8] {
        copies.allSatisfy { $0.pattern == nil } ? [] : Self.jsonArray(copies.map { $0.pattern ?? "" })
    }

    /// What every node names this group alike, before the occurrence count.
    var identity: [UInt8] {
        var bytes: [UInt8] = []
        for subscription in copies.map(\.subscription).sorted() {
            bytes += Array(subscription.utf8)
            bytes.append(0xfe)
        }
        bytes.append(0xff)
        return bytes + payload
    }

    static func jsonArray(_ strings: [String]) -> [UInt8] {
        Array(("[" + strings.map(JSONText.quote).joined(separator: ",") + "]").utf8)
    }
}
