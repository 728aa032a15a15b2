/// The copies of one publication in one pub/sub read: the same payload through different
/// subscriptions (Laravel's EVAL publishes one event on every channel at once; a channel may
/// match two patterns). Offered to the log as one entry, so one publication has one id.
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
}
