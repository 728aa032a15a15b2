/// Maps a Laravel broadcast event name onto a known type (docs/protocol.md#ingest-envelopes).
enum EventName {
    /// `App\Events\TicketAssigned`, `.ticket.assigned` and `ticket-assigned` all name `ticket_assigned`.
    static func knownType(for event: String) -> MessageType? {
        MessageType(rawValue: normalized(event))
    }

    /// The name an unknown event keeps: only a leading `.` is dropped.
    static func kept(_ event: String) -> String {
        event.hasPrefix(".") ? String(event.dropFirst()) : event
    }

    static func normalized(_ event: String) -> String {
        var name = Substring(event)
        if name.hasPrefix(".") { name = name.dropFirst() }
        if let separator = name.lastIndex(of: "\\") { name = name[name.index(after: separator)...] }
        var result = ""
        var previousWasLowercaseOrDigit = false
        for character in name {
            if character == "." || character == "-" || character == " " {
                result.append("_")
                previousWasLowercaseOrDigit = false
            } else if character.isUppercase {
                if previousWasLowercaseOrDigit { result.append("_") }
                result.append(contentsOf: character.lowercased())
                previousWasLowercaseOrDigit = false
            } else {
                result.append(character)
                previousWasLowercaseOrDigit = character.isLowercase || character.isNumber
            }
        }
        return result
    }
}
