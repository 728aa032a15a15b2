import Foundation

/// Typed reads of raw settings, each failure naming its variable.
struct SettingsReader {
    let settings: [SettingKey: String]

    func string(_ key: SettingKey) throws(ConfigurationError) -> String? {
        // An empty value (`BRIDGE_NODE_ID=` in an env file) means "not set".
        guard let value = settings[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ key: SettingKey, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: key.variable, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(text)\")")
        }
        return value
    }

    func list(_ key: SettingKey) throws(ConfigurationError) -> [String]? {
        guard let text = try string(key) else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
