import Testing
@testable import Bridge

/// `?token=…&last_id=…` and `/messages?since=…&wait=…&limit=…`.
@Suite("Query strings")
struct QueryStringTests {
    @Test("pairs, percent-decoding and + as a space", arguments: [
        ("a=1&b=two%20words", ["a": "1", "b": "two words"]),
        ("q=two+words", ["q": "two words"]),
        ("q=1%2B1", ["q": "1+1"]),
        ("name=%D0%90%D0%BD%D1%8F", ["name": "Аня"]),
        ("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1In0.sig-_x&last_id=1732630000000-5",
         ["token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1In0.sig-_x", "last_id": "1732630000000-5"]),
        ("since=E-3&wait=30&limit=10", ["since": "E-3", "wait": "30", "limit": "10"]),
        ("t=abc%3D%3D", ["t": "abc=="]),
        ("a==b", ["a": "=b"]),
        ("%61=1", ["a": "1"]),
    ])
    func parse(query: String, expected: [String: String]) {
        #expect(QueryString.parse(query[...]) == expected)
    }

    @Test("the last value of a repeated key wins")
    func lastValueWins() {
        #expect(QueryString.parse("a=1&a=2"[...]) == ["a": "2"])
    }

    @Test("keys without a value are empty; empty keys and pairs are skipped", arguments: [
        ("flag", ["flag": ""]),
        ("a=", ["a": ""]),
        ("=x&b=1", ["b": "1"]),
        ("&&a=1&", ["a": "1"]),
        ("", [:]),
    ])
    func edges(query: String, expected: [String: String]) {
        #expect(QueryString.parse(query[...]) == expected)
    }

    @Test("a malformed escape loses nothing else")
    func malformedEscape() {
        let parsed = QueryString.parse("a=%zz&b=1&%zz=3"[...])
        #expect(parsed["b"] == "1")
        #expect(parsed.count <= 2)
    }
}
