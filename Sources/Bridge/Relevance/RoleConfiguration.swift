/// The role names that the relevance rules treat as staff and as admins (README.md#configuration).
struct RoleConfiguration: Sendable, Equatable {
    var staffRoles: Set<String>
    var adminRoles: Set<String>

    init(staffRoles: Set<String> = ["admin", "technician"], adminRoles: Set<String> = ["admin"]) {
        self.staffRoles = staffRoles
        self.adminRoles = adminRoles
    }
}
