/// Recipients an envelope adds beyond its type's rule: its explicit `audience`, the user of a
/// private user channel, and the session excluded by Laravel's `socket`.
public struct ExtraRecipients: Sendable, Equatable {
    public var everyone = false
    public var users: Set<String> = []
    public var roles: Set<String> = []
    public var excludedSessionId: String?

    public init(everyone: Bool = false, users: Set<String> = [], roles: Set<String> = [], excludedSessionId: String? = nil) {
        self.everyone = everyone
        self.users = users
        self.roles = roles
        self.excludedSessionId = excludedSessionId
    }
}
