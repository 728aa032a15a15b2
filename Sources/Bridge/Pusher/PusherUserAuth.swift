import Foundation

/// Checks a `pusher:signin` (docs/pusher.md#user-authentication): `auth` is `<key>:<hex
/// HMAC-SHA256 of "socket_id::user::user_data" under the secret>`, what the Pusher server SDKs'
/// `authenticateUser` answers, and `user_data` is a JSON object whose `id` is a non-empty string.
/// `user_info.roles`, when present, is the user's roles for the help-desk events.
struct PusherUserAuth: Sendable {
    /// Who a connection is signed in as.
    struct User: Equatable, Sendable {
        var id: String
        var roles: Set<String>
    }

    let app: PusherApp

    /// The user `userData` names when `auth` signs it for `socketId`, or why not (code 4009).
    func user(auth: String?, userData: String?, socketId: String) -> Result<User, PusherRefusal> {
        guard let auth, !auth.isEmpty, let userData else {
            return .failure(refusal("pusher:signin needs data.auth and data.user_data, as your user authentication endpoint answers them"))
        }
        switch PusherSignature.verdict(of: auth, for: Self.signed(socketId: socketId, userData: userData), app: app) {
        case .signed:
            break
        case .foreignKey:
            return .failure(refusal("the signin auth is not signed for this app's key; check PUSHER_APP_KEY on both sides"))
        case .wrongSignature:
            return .failure(refusal("invalid signin signature: expected the HMAC-SHA256 of \"socket_id::user::user_data\" under the app secret; check PUSHER_APP_SECRET on both sides"))
        }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(userData.utf8)), case .object = json else {
            return .failure(refusal("user_data must be a JSON object such as {\"id\":\"5\"}"))
        }
        guard case .string(let id)? = json["id"], !id.isEmpty else {
            return .failure(refusal("user_data must contain an \"id\" field, a non-empty string such as \"5\" (pusher-js requires it)"))
        }
        var roles: Set<String> = []
        if let value = json[path: "user_info.roles"], !value.isNull {
            guard case .array(let items) = value, items.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                return .failure(refusal("user_data.user_info.roles must be a list of role names such as [\"technician\"]"))
            }
            roles = Set(value.strings)
        }
        return .success(User(id: id, roles: roles))
    }

    /// What an authentication endpoint answers as `auth` (tests and tools).
    func auth(socketId: String, userData: String) -> String {
        "\(app.key):\(PusherSignature.hex(Self.signed(socketId: socketId, userData: userData), secret: app.secret))"
    }

    static func signed(socketId: String, userData: String) -> String {
        "\(socketId)::user::\(userData)"
    }

    private func refusal(_ message: String) -> PusherRefusal {
        PusherRefusal(code: PusherErrorCode.unauthorized, message)
    }
}
