/// How a yes/no field of a payload reads (docs/protocol.md, "Flags in payloads").
///
/// Laravel sends flags in many shapes: Eloquent's `tinyint` columns arrive as `0`/`1`, form
/// input as `"1"`/`"true"`. Each reading is explicit, and anything unrecognised is ``unclear``:
/// the relevance rules then take the restrictive side (internal, draft, not everyone).
enum FlagReading: Sendable, Equatable {
    case yes
    case no
    case unclear
}

extension JSONValue {
    /// The flag this value means; an absent field reads as ``FlagReading/no`` at the call site.
    var flag: FlagReading {
        switch self {
        case .null, .bool(false), .integer(0): return .no
        case .bool(true), .integer(1): return .yes
        case .number(let value): return value == 0 ? .no : (value == 1 ? .yes : .unclear)
        case .string(let text):
            switch text.lowercased() {
            case "", "0", "false": return .no
            case "1", "true": return .yes
            default: return .unclear
            }
        case .integer, .array, .object: return .unclear
        }
    }
}

extension Optional where Wrapped == JSONValue {
    /// The flag of a field that may be absent (absent reads as no).
    var flag: FlagReading { self?.flag ?? .no }
}
