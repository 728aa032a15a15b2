import Foundation

/// Typed reads of raw settings, each failure naming its variable.
struct SettingsReader {
    let settings: [SettingKey: String]

    func string(_ key: SettingKey) throws(ConfigurationError) -> String? {
        guard let value = settings[key] else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ConfigurationError(variable: key.variable, problem: "is empty") }
        return trimmed
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
