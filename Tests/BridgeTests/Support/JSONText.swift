import Foundation
@testable import Bridge

/// JSON written in a test, parsed into the library's own ``JSONValue``.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

extension JSONValue {
    /// A copy without the value at a dotted path such as `ticket.requester_id`.
    func removing(path: String) -> JSONValue {
        let keys = path.split(separator: ".").map(String.init)
        return removing(keys[...])
    }

    /// A copy with `value` at a dotted path whose parent objects exist.
    func setting(path: String, to value: JSONValue) -> JSONValue {
        let keys = path.split(separator: ".").map(String.init)
        return setting(keys[...], to: value)
    }

    private func removing(_ keys: ArraySlice<String>) -> JSONValue {
        guard case .object(var fields) = self, let key = keys.first else { return self }
        if keys.count == 1 {
            fields.removeValue(forKey: key)
        } else if let child = fields[key] {
            fields[key] = child.removing(keys.dropFirst())
        }
        return .object(fields)
    }

    private func setting(_ keys: ArraySlice<String>, to value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self, let key = keys.first else { return self }
        fields[key] = keys.count == 1 ? value : (fields[key] ?? .object([:])).setting(keys.dropFirst(), to: value)
        return .object(fields)
    }
}
