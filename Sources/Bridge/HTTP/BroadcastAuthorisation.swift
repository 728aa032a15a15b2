import Crypto
import Foundation
import NIOHTTP1

/// Who may `POST /broadcast` (docs/security.md, "/broadcast"): the bearer of
/// `BRIDGE_BROADCAST_TOKEN`, compared in constant time; without a token, loopback clients only,
/// and never a browser page (a request with an `Origin`, or `Sec-Fetch-Site: cross-site`).
struct BroadcastAuthorisation {
    let expectedToken: String?

    /// The refusal for `request`, or nil when it may broadcast.
    func refusal(of request: HTTPRequest) -> HTTPResponse? {
        guard let expectedToken else {
            guard request.fromLoopback else {
                return .error(.unauthorized, "POST /broadcast is loopback-only until BRIDGE_BROADCAST_TOKEN is set")
            }
            guard !Self.comesFromBrowserPage(request) else {
                return .error(.forbidden, "POST /broadcast refuses browser requests (Origin or Sec-Fetch-Site: cross-site) unless they carry the bearer token")
            }
            return nil
        }
        guard let presented = Self.bearer(in: request), Self.equalInConstantTime(presented, expectedToken) else {
            return .error(.unauthorized, "send Authorization: Bearer <BRIDGE_BROADCAST_TOKEN>")
        }
        return nil
    }

    static func comesFromBrowserPage(_ request: HTTPRequest) -> Bool {
        request.origin != nil || request.head.headers.first(name: "sec-fetch-site")?.lowercased() == "cross-site"
    }

    /// The credentials of `Authorization: Bearer …`, the scheme in any case.
    static func bearer(in request: HTTPRequest) -> String? {
        guard let header = request.head.headers.first(name: "authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Compares digests, so neither the time taken nor an early exit tells how much matched.
    static func equalInConstantTime(_ left: String, _ right: String) -> Bool {
        SHA256.hash(data: Data(left.utf8)) == SHA256.hash(data: Data(right.utf8))
    }
}
