/// Recipients an envelope adds beyond its type's rule: its explicit `audience`, the user of a
/// private user channel, and the session excluded by Laravel's `socket`.
struct ExtraRecipients: Sendable, Equatable {
    var everyone = false
    var users: Set<String> = []
    var roles: Set<String> = []
    var excludedSessionId: String?

    init(everyone: Bool = false, users: Set<String> = [], roles: Set<String> = [], excludedSessionId: String? = nil) {
        self.everyone = everyone
        self.users = users
        self.roles = roles
        self.excludedSessionId = excludedSessionId
    }
}
