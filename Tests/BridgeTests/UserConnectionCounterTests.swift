import Testing
@testable import Bridge

/// README.md#configuration, docs/protocol.md#frames: at most BRIDGE_MAX_CONNECTIONS_PER_USER sessions per user (more get 4004);
/// `/clients` counts authenticated sessions and distinct users.
@Suite("Connections per user")
struct UserConnectionCounterTests {
    @Test("a user gets up to the limit; the next is refused; a release frees a slot")
    func limit() {
        let counter = UserConnectionCounter(limit: 3)
        #expect((0..<3).allSatisfy { _ in counter.reserve("5") })
        #expect(!counter.reserve("5"))
        #expect(counter.reserve("7"), "the limit is per user")
        counter.release("5")
        #expect(counter.reserve("5"))
        #expect(!counter.reserve("5"))
    }

    @Test("totals count sessions and distinct users; a user with no session left is gone")
    func totals() {
        let counter = UserConnectionCounter(limit: 20)
        _ = counter.reserve("5")
        _ = counter.reserve("5")
        _ = counter.reserve("7")
        #expect(counter.totals == (sessions: 3, users: 2))
        #expect(counter.users == ["5": 2, "7": 1])
        counter.release("7")
        #expect(counter.totals == (sessions: 2, users: 1))
        #expect(counter.users == ["5": 2])
    }

    @Test("sessions on other nodes count against the limit")
    func elsewhereCounts() {
        let counter = UserConnectionCounter(limit: 3)
        #expect(counter.reserve("5", elsewhere: 1))
        #expect(counter.reserve("5", elsewhere: 1))
        #expect(!counter.reserve("5", elsewhere: 1))
        #expect(counter.reserve("5", elsewhere: 0))
        #expect(!counter.reserve("7", elsewhere: 3))
    }

    @Test("a refused reservation takes no slot, and releasing an unknown user changes nothing")
    func refusedTakesNothing() {
        let counter = UserConnectionCounter(limit: 1)
        #expect(counter.reserve("5"))
        #expect(!counter.reserve("5"))
        #expect(counter.totals == (sessions: 1, users: 1))
        counter.release("9")
        #expect(counter.totals == (sessions: 1, users: 1))
    }
}

extension UserConnectionCounterTests {
    @Test("totals stay exact through many opens and closes across users")
    func totalsThroughChurn() {
        let counter = UserConnectionCounter(limit: 5)
        for index in 0..<1_000 { #expect(counter.reserve("\(index % 200)")) }
        #expect(counter.totals == (sessions: 1_000, users: 200))
        for index in 0..<600 { counter.release("\(index % 200)") }
        #expect(counter.totals == (sessions: 400, users: 200))
        for index in 0..<400 { counter.release("\(index % 200)") }
        #expect(counter.totals == (sessions: 0, users: 0))
        counter.release("0")
        #expect(counter.totals == (sessions: 0, users: 0))
    }
}
