/// Which channels to SUBSCRIBE and which patterns to PSUBSCRIBE (`BRIDGE_CHANNELS`, `BRIDGE_REDIS_PREFIX`).
struct SubscriptionPlan: Equatable {
    var channels: [String] = []
    var patterns: [String] = []

    /// Each entry as given and, when a Redis prefix is set and the entry lacks it, also with the
    /// prefix, since Laravel prefixes the channels it publishes on (except on Redis Cluster).
    init(entries: [String], prefix: String) {
        for entry in entries {
            var names = [entry]
            // A pattern starting with `*` already matches the prefixed names; subscribing to both would
            // make Redis deliver every publication twice.
            if !prefix.isEmpty, !entry.hasPrefix(prefix), !entry.hasPrefix("*") { names.append(prefix + entry) }
            for name in names {
                if name.contains("*") || name.contains("?") {
                    if !patterns.contains(name) { patterns.append(name) }
                } else if !channels.contains(name) {
                    channels.append(name)
                }
            }
        }
    }

    var count: Int { channels.count + patterns.count }
}
