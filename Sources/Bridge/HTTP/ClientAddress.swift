import Foundation
import NIOCore
import NIOHTTP1

/// The address a connection counts against: the peer's, or the client an `X-Forwarded-For`
/// names when the peer is one of `BRIDGE_TRUSTED_PROXIES` (the rightmost entry that is not itself
/// a trusted proxy, since a client may write anything at the left).
enum ClientAddress {
    static func of(_ head: HTTPRequestHead, peer: SocketAddress?, trustedProxies: Set<String>) -> String? {
        guard let peerAddress = peer?.ipAddress else { return nil }
        guard trustedProxies.contains(peerAddress) else { return peerAddress }
        let hops = head.headers[canonicalForm: "x-forwarded-for"].map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.last { !$0.isEmpty && !trustedProxies.contains($0) } ?? peerAddress
    }
}
