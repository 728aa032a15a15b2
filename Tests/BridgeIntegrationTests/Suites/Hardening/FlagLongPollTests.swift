import Testing

extension Hardening {
    /// A `/messages?wait=` long-poll of a requester is not woken by, and never answers, an
    /// internal comment whose flag reads true or is unclear.
    @Suite("Hardening: flag values in long-polls", .serialized, .stack())
    struct FlagLongPollTests {
        @Test("a waiting poll answers the public comment only", arguments: [JSONValue.string("TRUE"), 1, "yes", 2, [:]])
        func waitingPoll(internalValue: JSONValue) async throws {
            let stack = try Stack.require()
            let token = try await stack.tokens.token(user: "7")
            let start = try await HTTPClient.getJSON(port: stack.port, path: "/messages?token=\(token)")["last_id"]?.string ?? ""
            let internalID = Envelope.uniqueID()
            let publicID = Envelope.uniqueID()
            let port = stack.port
            let poll = Task {
                try await HTTPClient.getJSON(port: port, path: "/messages?since=\(start)&wait=5&token=\(token)")
            }
            try await Task.sleep(for: .milliseconds(300))  // let the poll start waiting; either order must pass
            try await stack.publish(FlagReadingTests.comment(isInternal: internalValue, id: internalID))
            try await Task.sleep(for: .milliseconds(300))
            try await stack.publish(FlagReadingTests.comment(isInternal: "0", id: publicID))
            let answer = try await poll.value
            let ids = (answer["messages"]?.array ?? []).compactMap(FlagReadingTests.commentID)
            #expect(ids == [publicID], "is_internal \(internalValue): the poll answered comments \(ids)")
        }
    }
}
