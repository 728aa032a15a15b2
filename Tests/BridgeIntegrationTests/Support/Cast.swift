/// A technician, an admin, a requester, an assignee and an unrelated user (with a non-staff role).
struct Cast: Sendable {
    struct IDs: Sendable {
        var staff = "100"
        var admin = "101"
        var requester = "7"
        var assignee = "5"
        var other = "9"
    }

    let staff: Session
    let admin: Session
    let requester: Session
    let assignee: Session
    let other: Session

    var all: [Session] { [staff, admin, requester, assignee, other] }

    func close() { all.forEach { $0.close() } }
}
