import Foundation
import NIOCore
import NIOHTTP1

extension PusherRequestSignature {
    /// The 401 for `request` when it is not signed as Pusher's SDKs sign a `method` request
    /// (its body hashed into `body_md5`), or nil when it is.
    func unauthorized(_ request: HTTPRequest, method: String) -> HTTPResponse? {
        let now = Int64(Date().timeIntervalSince1970)
        let body = Array(request.body.readableBytesView)
        guard let refusal = refusal(method: method, path: request.path, query: request.query, body: body, now: now) else { return nil }
        return .error(.unauthorized, refusal)
    }
}
