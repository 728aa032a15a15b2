import Foundation

/// The variants of the eleven event types the soak publishes, with their share of the stream
/// (in 1/4000). Most events target a few users; staff-wide ones are a tenth, events for everyone
/// one in four hundred, so that 10,000 sessions get a few tens of thousands of frames a second.
enum SoakEventKind: String, CaseIterable, Sendable {
    case notificationEveryone = "system_notification_created (everyone)"
    case articleCreatedPublished = "knowledge_article_created (published)"
    case articleUpdatedPublished = "knowledge_article_updated (published)"
    case ticketCreated = "ticket_created"
    case ticketStatusChanged = "ticket_status_changed"
    case ticketAssigned = "ticket_assigned"
    case commentPublic = "ticket_comment_created (public)"
    case commentInternal = "ticket_comment_created (internal)"
    case equipmentStatus = "equipment_status_changed"
    case equipmentLocation = "equipment_location_changed"
    case articleCreatedDraft = "knowledge_article_created (draft)"
    case articleUpdatedDraft = "knowledge_article_updated (draft)"
    case userCreated = "user_created"
    case userStatusChanged = "user_status_changed"
    case userBlockedGhost = "user_status_changed (blocked, no session)"
    case notificationRoles = "system_notification_created (roles)"
    case notificationUsers = "system_notification_created (users)"

    var weight: Int {
        switch self {
        case .notificationEveryone: 4
        case .articleCreatedPublished, .articleUpdatedPublished: 3
        case .ticketCreated, .ticketStatusChanged, .ticketAssigned, .commentPublic: 60
        case .commentInternal: 48
        case .equipmentStatus, .equipmentLocation: 32
        case .articleCreatedDraft, .articleUpdatedDraft: 24
        case .userCreated: 80
        case .userStatusChanged: 100
        case .userBlockedGhost: 20
        case .notificationRoles: 20
        case .notificationUsers: 3370
        }
    }

    /// The wire type.
    var type: String { String(rawValue.prefix { $0 != " " }) }

    /// Laravel's class name for the type (`App\Events\TicketCreated`), JSON-escaped.
    var laravelClass: String {
        "App\\\\Events\\\\" + type.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Laravel's dotted alias (`.ticket.created`).
    var laravelAlias: String { "." + type.replacingOccurrences(of: "_", with: ".") }

    /// Picks a kind by weight.
    static func pick(using rng: inout SoakRandom) -> SoakEventKind {
        var n = Int.random(in: 0..<4000, using: &rng)
        for kind in allCases {
            if n < kind.weight { return kind }
            n -= kind.weight
        }
        return .notificationUsers
    }
}
