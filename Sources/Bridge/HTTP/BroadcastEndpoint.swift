import Foundation
import NIOCore
import NIOHTTP1

/// `POST /broadcast`: one envelope or `{"messages": [...]}` from a trusted backend (docs/protocol.md#http).
struct BroadcastEndpoint {
    let bridge: BridgeContext

    /// Validates every envelope, then appends them all to the shared log; answers once this node
    /// has read them back (at most `BridgeContext.readBackLimit` after Redis gave their ids; 503 when Redis
    /// cannot take them: nothing of the request was delivered).
    func answer(_ request: HTTPRequest, on eventLoop: any EventLoop) -> HTTPRouter.Reply {
        switch validated(request) {
        case .refused(let refusal):
            return .now(refusal)
        case .envelopes(let envelopes) where envelopes.isEmpty:
            return .now(.json(.accepted, ["accepted": .integer(0), "ids": .array([])]))
        case .envelopes(let envelopes):
            return .later(bridge.appendReadingBack(envelopes, on: eventLoop).map { ids in
                .json(.accepted, ["accepted": .integer(Int64(ids.count)), "ids": .array(ids.map(JSONValue.string))])
            }.flatMapErrorThrowing { error in
                .error(.serviceUnavailable, "cannot append to the log in Redis (\(error)); nothing was delivered, retry")
            })
        }
    }

    /// The request's envelopes as JSON to append, or the answer that refuses them.
    private enum Validated {
        case envelopes([[UInt8]])
        case refused(HTTPResponse)
    }

    private func validated(_ request: HTTPRequest) -> Validated {
        if let refusal = BroadcastAuthorisation(expectedToken: bridge.configuration.broadcastToken).refusal(of: request) {
            return .refused(refusal)
        }
        guard Self.isJSON(contentType: request.head.headers.first(name: "content-type")) else {
            return .refused(.error(.unsupportedMediaType, "send the envelope as Content-Type: application/json"))
        }
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: Data(request.body.readableBytesView))
        } catch {
            return .refused(refuse(Rejection(.notJSON, "the body is not valid JSON")))
        }
        let envelopes: [JSONValue]
        switch json {
        case .object(let fields) where fields["type"] == nil && fields["event"] == nil && fields["messages"] != nil:
            guard case .array(let items)? = fields["messages"] else {
                return .refused(refuse(Rejection(.wrongShape, "\"messages\" must be a list of envelopes", field: "messages")))
            }
            envelopes = items
        default:
            envelopes = [json]
        }
        var accepted: [[UInt8]] = []
        let encoder = JSONEncoder()
        for (index, envelope) in envelopes.enumerated() {
            switch bridge.decoder.decode(envelope, channel: nil) {
            case .success:
                accepted.append(Array((try? encoder.encode(envelope)) ?? Data()))
            case .failure(var rejection):
                if envelopes.count > 1 || json["messages"] != nil {
                    rejection.message = "messages[\(index)]: \(rejection.message)"
                }
                return .refused(refuse(rejection))
            }
        }
        return .envelopes(accepted)
    }

    /// Only `application/json`, parameters such as `charset` allowed: anything a browser form can
    /// send cross-site without a preflight is refused.
    static func isJSON(contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first else {
            return false
        }
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    private func refuse(_ rejection: Rejection) -> HTTPResponse {
        bridge.reject(rejection, from: .broadcast, channel: nil)
        return .error(.badRequest, rejection.message, field: rejection.field)
    }
}
