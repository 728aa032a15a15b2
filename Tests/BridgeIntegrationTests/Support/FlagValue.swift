/// A value a boolean flag of an envelope (`comment.is_internal`, `article.is_published`,
/// `audience.everyone`) may carry, and how the bridge must read it: false for absent, null,
/// false, 0, "0", "false", ""; true for true, 1, "1", "true" in any case; anything else
/// (`odd`) the restrictive way.
struct FlagValue: Sendable, CustomStringConvertible {
    enum Reading: Sendable { case no, yes, odd }

    /// nil: the member is absent.
    let value: JSONValue?
    let reading: Reading

    var description: String { value.map(\.text) ?? "absent" }

    static let all: [FlagValue] = [
        FlagValue(value: nil, reading: .no), FlagValue(value: .null, reading: .no), FlagValue(value: false, reading: .no),
        FlagValue(value: 0, reading: .no), FlagValue(value: "0", reading: .no), FlagValue(value: "false", reading: .no),
        FlagValue(value: "", reading: .no),
        FlagValue(value: true, reading: .yes), FlagValue(value: 1, reading: .yes), FlagValue(value: "1", reading: .yes),
        FlagValue(value: "true", reading: .yes), FlagValue(value: "TRUE", reading: .yes), FlagValue(value: "True", reading: .yes),
        FlagValue(value: "yes", reading: .odd), FlagValue(value: 2, reading: .odd), FlagValue(value: [], reading: .odd),
        FlagValue(value: [:], reading: .odd), FlagValue(value: "on", reading: .odd), FlagValue(value: 1.5, reading: .odd),
    ]
}
