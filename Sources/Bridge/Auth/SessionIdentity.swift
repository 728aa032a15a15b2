/// Who a verified token says the session belongs to.
struct SessionIdentity: Sendable, Equatable {
    /// The token's `sub` as a string (`5` and `"5"` are the same user).
    var userId: String
    var roles: Set<String>
    var name: String?
    /// Unix seconds of the token's `exp`.
    var expiresAt: Int64

    init(userId: String, roles: Set<String>, name: String? = nil, expiresAt: Int64) {
        self.userId = userId
        self.roles = roles
        self.name = name
        self.expiresAt = expiresAt
    }
}
