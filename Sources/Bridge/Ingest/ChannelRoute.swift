import Foundation
import FoundationEssentials
/// What a Redis channel name says about the recipients of a message (docs/protocol.md#ingest-envelopes).
enum ChannelRoute: Sendable, Equatable {
    /// A public channel (no `private-`/`presence-` prefix): everyone, for unknown types.
    case publicChannel
    /// `private-<BRIDGE_USER_CHANNEL>`: that user.
    case user(String)
    /// Any other private, encrypted or presence channel: cannot be authorised here.
    case unauthorisable

    /// Reads `channel` after stripping `prefix` when present; `userChannel` holds `{id}`.
    init(channel: String, prefix: String, userChannel: String) {
        let name = Substring(Self.name(of: channel, prefix: prefix))
        guard name.hasPrefix("private-") || name.hasPrefix("presence-") else {
            self = .publicChannel
            return
        }
        if name.hasPrefix("private-"), !name.hasPrefix("private-encrypted-"),
           let user = Self.user(in: name.dropFirst("private-".count), template: userChannel) {
            self = .user(user)
        } else {
            self = .unauthorisable
        }
    }

    /// The channel's name as Laravel and Pusher clients spell it: without `prefix`, and without
    /// whatever prefix precedes `private-`/`presence-`.
    static func name(of channel: String, prefix: String) -> String {
        var name = Substring(channel)
        if !prefix.isEmpty, name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
        return String(droppingUnknownPrefix(name))
    }

    /// A channel such as `laravel_database_private-…` read without `BRIDGE_REDIS_PREFIX` must not
    /// pass for a public channel: whatever precedes `private-`/`presence-` after `_` or `:` is
    /// taken for a prefix.
    private static func droppingUnknownPrefix(_ name: Substring) -> Substring {
        guard !name.hasPrefix("private-"), !name.hasPrefix("presence-") else { return name }
        for marker in ["private-", "presence-"] {
            if let range = name.range(of: marker), range.lowerBound > name.startIndex,
               let separator = name[..<range.lowerBound].last, "_:".contains(separator) {
                return name[range.lowerBound...]
            }
        }
        return name
    }

    private static func user(in name: Substring, template: String) -> String? {
        let parts = template.components(separatedBy: "{id}")
        guard parts.count == 2, name.hasPrefix(parts[0]), name.hasSuffix(parts[1]),
              name.count > parts[0].count + parts[1].count else { return nil }
        let id = name.dropFirst(parts[0].count).dropLast(parts[1].count)
        return id.contains(".") ? nil : String(id)
    }
}
