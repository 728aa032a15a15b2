@testable import Bridge

extension EnvelopeDecoder {
    /// The decoder of a bridge with the default roles and user channel, and Laravel's prefix.
    static let laravel = EnvelopeDecoder(
        rules: RelevanceRules(roles: RoleConfiguration()),
        redisPrefix: "laravel_database_",
        userChannel: "App.Models.User.{id}")

    func decode(_ text: String, channel: String? = nil) -> Result<IncomingMessage, Rejection> {
        decode(Array(text.utf8), channel: channel)
    }
}

extension Result {
    var success: Success? { if case .success(let value) = self { value } else { nil } }
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
