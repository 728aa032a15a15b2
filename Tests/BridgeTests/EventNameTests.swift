import Testing
@testable import Bridge

/// docs/protocol.md#ingest-envelopes: a Laravel `event` names a known type (docs/protocol.md#who-receives-what) after dropping a leading `.` and any namespace,
/// CamelCase → snake_case and `.`/`-` → `_`; any other event keeps its name less a leading `.`.
@Suite("Laravel event names")
struct EventNameTests {
    @Test("spellings of ticket_assigned", arguments: [
        #"App\Events\TicketAssigned"#, ".ticket.assigned", "ticket-assigned", "ticket_assigned",
        "TicketAssigned", ".TicketAssigned", "ticket.assigned", #"\TicketAssigned"#,
    ])
    func spellingsOfTicketAssigned(event: String) {
        #expect(EventName.knownType(for: event) == .ticketAssigned)
    }

    @Test("every type is named by its event class and by its dotted broadcastAs", arguments: MessageType.allCases)
    func everyTypeByClassAndDottedName(type: MessageType) {
        let words = type.rawValue.split(separator: "_")
        let className = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        #expect(EventName.knownType(for: #"App\Events\"# + className) == type, "\(className)")
        #expect(EventName.knownType(for: "." + words.joined(separator: ".")) == type)
        #expect(EventName.knownType(for: words.joined(separator: "-")) == type)
    }

    @Test("names that only resemble a type are unknown", arguments: [
        #"App\Events\InvoicePaid"#, "TicketAssignedEvent", "ticketassigned", "ticket_assigned_later",
        ".ticket", "", "bridge:welcome",
    ])
    func nearMissesAreUnknown(event: String) {
        #expect(EventName.knownType(for: event) == nil)
    }

    @Test("an unknown event keeps its name exactly, less a leading dot", arguments: [
        (#"App\Events\InvoicePaid"#, #"App\Events\InvoicePaid"#),
        (".invoice.paid", "invoice.paid"),
        ("invoice-paid", "invoice-paid"),
        ("InvoicePaid", "InvoicePaid"),
        ("..twice", ".twice"),
        ("keep.inner.dots", "keep.inner.dots"),
    ])
    func unknownKeepsName(event: String, kept: String) {
        #expect(EventName.kept(event) == kept)
    }
}
