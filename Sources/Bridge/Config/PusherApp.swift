/// The one Pusher app the bridge serves (docs/pusher.md): `PUSHER_APP_ID`, `PUSHER_APP_KEY` and
/// `PUSHER_APP_SECRET`, Laravel's own names. Its description never shows the secret.
struct PusherApp: Sendable, Equatable, CustomStringConvertible {
    var id: String
    var key: String
    var secret: String

    init(id: String, key: String, secret: String) {
        self.id = id
        self.key = key
        self.secret = secret
    }

    /// The app of `reader`'s settings: nil when none of the three is set, an error naming the
    /// missing variable when only some are.
    static func read(from reader: SettingsReader) throws(ConfigurationError) -> PusherApp? {
        let id = try reader.string(.pusherAppId)
        let key = try reader.string(.pusherAppKey)
        let secret = try reader.string(.pusherAppSecret)
        if id == nil, key == nil, secret == nil { return nil }
        guard let id else { throw missing(.pusherAppId) }
        guard let key else { throw missing(.pusherAppKey) }
        guard let secret else { throw missing(.pusherAppSecret) }
        for (name, value) in [(SettingKey.pusherAppId, id), (.pusherAppKey, key)]
        where value.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace }) {
            throw ConfigurationError(variable: name.variable, problem: "must not contain /, ?, # or spaces: it is part of a URL path")
        }
        return PusherApp(id: id, key: key, secret: secret)
    }

    private static func missing(_ key: SettingKey) -> ConfigurationError {
        ConfigurationError(variable: key.variable,
                           problem: "is not set while the other PUSHER_APP_* settings are; set all three (or the REVERB_APP_* ones) to serve the Pusher protocol, or none")
    }

    var description: String { "PusherApp(id: \(id), key: \(key), secret: <hidden>)" }
}
