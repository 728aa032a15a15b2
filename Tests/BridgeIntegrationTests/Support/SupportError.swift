/// A failure of the test harness itself (a process that would not start, a timeout, a bad reply),
/// reported with enough context to tell a harness problem from a bridge bug.
struct SupportError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
