/// What the benchmark publishes. Every message carries `bench_seq` and `sent_ns`
/// (CLOCK_MONOTONIC at the moment it was written to the publisher's socket).
public enum Envelope: String, Sendable, CaseIterable {
    /// The bridge's listener envelope (docs/protocol.md#ingest-envelopes): `{"type","data"}`; the bridge turns it into an event frame.
    case listener
    /// The event frame itself (`{"id","type","ts","data"}`), for peers that forward bytes unchanged.
    case frame
    /// A Pusher HTTP API event (`{"name","channel","data"}`, data a JSON string); a subscribed
    /// Pusher client reads `{"event","channel","data"}`.
    case pusher
}

/// Who a message is for (only the bridge applies it; peers send everything to everyone).
public enum Audience: String, Sendable, CaseIterable {
    /// `system_notification_created` without targets: every session.
    case everyone
    /// `ticket_created` for requester `user 3` and assignee `user 5`: staff plus those two users.
    case mixed
}

/// How benchmark sessions are spread over users and roles (docs/protocol.md#who-receives-what depends on both).
public struct Population: Sendable {
    public let sessionsPerUser: Int
    public let userBase: Int
    public init(sessionsPerUser: Int, userBase: Int) {
        self.sessionsPerUser = max(1, sessionsPerUser)
        self.userBase = userBase
    }

    public func userIndex(session: Int) -> Int { session / sessionsPerUser }
    public func userID(session: Int) -> Int { userBase + userIndex(session: session) }

    /// 10% admins (admin,technician), 20% technicians, 70% plain users.
    public static func roles(userIndex: Int) -> [String] {
        switch userIndex % 10 {
        case 0: return ["admin", "technician"]
        case 1, 2: return ["technician"]
        default: return []
        }
    }

    public static let mixedRequesterIndex = 3
    public static let mixedAssigneeIndex = 5

    /// Whether the bridge must deliver a message of `audience` to a session of `session`.
    public func receives(session: Int, audience: Audience) -> Bool {
        switch audience {
        case .everyone: return true
        case .mixed:
            let u = userIndex(session: session)
            return !Self.roles(userIndex: u).isEmpty || u == Self.mixedRequesterIndex || u == Self.mixedAssigneeIndex
        }
    }
}

/// Builds payloads of a fixed delivered size (the event frame a client reads is `targetBytes` long).
public struct PayloadBuilder: Sendable {
    public let envelope: Envelope
    public let audience: Audience
    public let population: Population
    public let targetBytes: Int
    private let ts = "2026-11-26T18:00:00.000Z"

    /// The channel Pusher events are sent on (the `pusher` envelope only).
    public let pusherChannel: String

    public init(envelope: Envelope, audience: Audience, population: Population, targetBytes: Int, pusherChannel: String = "bench") {
        self.envelope = envelope
        self.audience = audience
        self.population = population
        self.targetBytes = targetBytes
        self.pusherChannel = pusherChannel
    }

    private var type: String { audience == .everyone ? "system_notification_created" : "ticket_created" }

    private func data(seq: Int, sentNs: UInt64, pad: String) -> String {
        let subject: String
        switch audience {
        case .everyone:
            subject = #""notification":{"id":\#(seq),"title":"bench"}"#
        case .mixed:
            let r = population.userBase + Population.mixedRequesterIndex
            let a = population.userBase + Population.mixedAssigneeIndex
            subject = #""ticket":{"id":\#(seq),"title":"bench","status":"open","requester_id":\#(r),"assignee_id":\#(a)}"#
        }
        return #"{\#(subject),"bench_seq":\#(seq),"sent_ns":\#(sentNs),"pad":"\#(pad)"}"#
    }

    /// The frame a client receives for this message (used to size the padding).
    private func frame(seq: Int, sentNs: UInt64, pad: String) -> String {
        #"{"id":"1764180000-\#(seq)","type":"\#(type)","ts":"\#(ts)","data":\#(data(seq: seq, sentNs: sentNs, pad: pad))}"#
    }

    /// The Pusher event a subscribed client reads for this message.
    private func pusherFrame(seq: Int, sentNs: UInt64, pad: String) -> String {
        #"{"event":"bench","channel":"\#(pusherChannel)","data":"\#(escaped(data(seq: seq, sentNs: sentNs, pad: pad)))"}"#
    }

    /// `text` as the inside of a JSON string (the payloads hold no backslashes or control bytes).
    private func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            if character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    public func payload(seq: Int, sentNs: UInt64) -> String {
        let bare = (envelope == .pusher ? pusherFrame(seq: seq, sentNs: sentNs, pad: "") : frame(seq: seq, sentNs: sentNs, pad: "")).utf8.count
        let pad = String(repeating: "x", count: max(0, targetBytes - bare))
        switch envelope {
        case .frame: return frame(seq: seq, sentNs: sentNs, pad: pad)
        case .listener: return #"{"type":"\#(type)","data":\#(data(seq: seq, sentNs: sentNs, pad: pad))}"#
        case .pusher:
            return #"{"name":"bench","channel":"\#(pusherChannel)","data":"\#(escaped(data(seq: seq, sentNs: sentNs, pad: pad)))"}"#
        }
    }
}
