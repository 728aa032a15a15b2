/// The role names that the relevance rules treat as staff and as admins (README.md#configuration).
public struct RoleConfiguration: Sendable, Equatable {
    public var staffRoles: Set<String>
    public var adminRoles: Set<String>

    public init(staffRoles: Set<String> = ["admin", "technician"], adminRoles: Set<String> = ["admin"]) {
        self.staffRoles = staffRoles
        self.adminRoles = adminRoles
    }
}
