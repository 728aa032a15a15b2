/// Reads a listener envelope's optional `audience` object: `users`, `roles`, `everyone`.
enum ExplicitAudience {
    static func parse(_ value: JSONValue?) -> Result<ExtraRecipients, Rejection> {
        guard let value, !value.isNull else { return .success(ExtraRecipients()) }
        guard case .object(let fields) = value else {
            return .failure(Rejection(.wrongShape, "\"audience\" must be an object", field: "audience"))
        }
        var extra = ExtraRecipients()
        if let users = fields["users"], !users.isNull {
            guard case .array(let items) = users, items.allSatisfy({ $0.idString != nil }) else {
                return .failure(Rejection(.wrongShape, "\"audience.users\" must be a list of ids", field: "audience.users"))
            }
            extra.users = Set(items.compactMap(\.idString))
        }
        if let roles = fields["roles"], !roles.isNull {
            guard case .array(let items) = roles, roles.strings.count == items.count else {
                return .failure(Rejection(.wrongShape, "\"audience.roles\" must be a list of strings", field: "audience.roles"))
            }
            extra.roles = Set(roles.strings)
        }
        // Read like every flag: only a clear "yes" widens the audience to everyone.
        extra.everyone = fields["everyone"].flag == .yes
        return .success(extra)
    }
}
