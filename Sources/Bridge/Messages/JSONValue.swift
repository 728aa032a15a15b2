/// A JSON document as decoded from an envelope; keeps integers exact so ids round-trip unchanged.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value at a dotted path such as `ticket.requester_id`, or nil when any step is missing.
    subscript(path path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let fields)? = current else { return nil }
            current = fields[String(key)]
        }
        return current
    }

    /// The member `key` of an object, nil otherwise.
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    /// A user id as the bridge compares them: `5` and `"5"` are the same user.
    var idString: String? {
        switch self {
        case .string(let value): return value.isEmpty ? nil : value
        case .integer(let value): return String(value)
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: return String(Int64(value))
        default: return nil
        }
    }

    /// The ids in an array of ids (`[1, "2"]`), or the single id of a scalar.
    var idStrings: [String] {
        if case .array(let items) = self { return items.compactMap(\.idString) }
        return idString.map { [$0] } ?? []
    }

    /// Strings of an array, or of a single string.
    var strings: [String] {
        switch self {
        case .array(let items): return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        case .string(let value): return [value]
        default: return []
        }
    }

    var isNull: Bool { if case .null = self { true } else { false } }
}
