import Foundation
import NIOCore
import NIOHTTP1

/// A complete HTTP request as the endpoints see it.
struct HTTPRequest {
    var head: HTTPRequestHead
    var path: String
    var query: [String: String]
    var body: ByteBuffer
    /// True when the peer connected from a loopback address, not through a proxy.
    var fromLoopback: Bool

    init(head: HTTPRequestHead, body: ByteBuffer, remote: SocketAddress?) {
        self.head = head
        self.body = body
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = parts.first.map(String.init) ?? "/"
        self.query = parts.count > 1 ? QueryString.parse(parts[1]) : [:]
        let address = remote?.ipAddress ?? ""
        // A request relayed by a reverse proxy on this host comes from loopback but is not local.
        let proxied = head.headers.contains(name: "x-forwarded-for") || head.headers.contains(name: "forwarded")
        self.fromLoopback = !proxied && (address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127."))
    }

    var method: HTTPMethod { head.method }
    var origin: String? { head.headers.first(name: "origin") }

    /// The session token from `Authorization: Bearer …` or `?token=`.
    var bearerToken: String? {
        if let header = head.headers.first(name: "authorization") {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
            return nil
        }
        return query["token"]
    }
}
