/// A failed Redis connection or command, with hiredis' own words.
struct RedisError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
