/// A parsed `redis://[:password@]host:port[/db]` URL; its description never shows the password.
struct RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    var host: String
    var port: Int
    var password: String?
    var database: Int

    static let `default` = RedisEndpoint(host: "127.0.0.1", port: 6379, password: nil, database: 0)

    init(host: String, port: Int, password: String?, database: Int) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
    }

    /// Parses a Redis URL; nil when it is not of the form above.
    init?(url: String) {
        guard url.hasPrefix("redis://") else { return nil }
        var rest = Substring(url.dropFirst("redis://".count))
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            password = credentials.split(separator: ":", maxSplits: 1).last.map(String.init)
            if credentials.hasPrefix(":") { password = String(credentials.dropFirst()) }
            rest = rest[rest.index(after: at)...]
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            guard db.isEmpty || Int(db) != nil else { return nil }
            database = Int(db) ?? 0
            rest = rest[..<slash]
        }
        let hostPort = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let host = hostPort.first, !host.isEmpty else { return nil }
        var port = 6379
        if hostPort.count == 2 {
            guard let parsed = Int(hostPort[1]), (1...65535).contains(parsed) else { return nil }
            port = parsed
        }
        self.init(host: String(host), port: port, password: password?.isEmpty == true ? nil : password, database: database)
    }

    var description: String {
        "redis://\(password == nil ? "" : ":***@")\(host):\(port)/\(database)"
    }
}
