/// Who a verified token says the session belongs to.
public struct SessionIdentity: Sendable, Equatable {
    /// The token's `sub` as a string (`5` and `"5"` are the same user).
    public var userId: String
    public var roles: Set<String>
    public var name: String?
    /// Unix seconds of the token's `exp`.
    public var expiresAt: Int64

    public init(userId: String, roles: Set<String>, name: String? = nil, expiresAt: Int64) {
        self.userId = userId
        self.roles = roles
        self.name = name
        self.expiresAt = expiresAt
    }
}
