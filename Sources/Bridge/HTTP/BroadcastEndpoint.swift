import Foundation
import NIOCore
import NIOHTTP1

/// `POST /broadcast`: one envelope or `{"messages": [...]}` from a trusted backend (docs/protocol.md#http).
struct BroadcastEndpoint {
    let bridge: BridgeContext

    func answer(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = BroadcastAuthorisation(expectedToken: bridge.configuration.broadcastToken).refusal(of: request) {
            return refusal
        }
        guard Self.isJSON(contentType: request.head.headers.first(name: "content-type")) else {
            return .error(.unsupportedMediaType, "send the envelope as Content-Type: application/json")
        }
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: Data(request.body.readableBytesView))
        } catch {
            return refuse(Rejection(.notJSON, "the body is not valid JSON"))
        }
        let envelopes: [JSONValue]
        switch json {
        case .object(let fields) where fields["type"] == nil && fields["event"] == nil && fields["messages"] != nil:
            guard case .array(let items)? = fields["messages"] else {
                return refuse(Rejection(.wrongShape, "\"messages\" must be a list of envelopes", field: "messages"))
            }
            envelopes = items
        default:
            envelopes = [json]
        }
        var messages: [IncomingMessage] = []
        for (index, envelope) in envelopes.enumerated() {
            switch bridge.decoder.decode(envelope, channel: nil) {
            case .success(let message):
                messages.append(message)
            case .failure(var rejection):
                if envelopes.count > 1 || json["messages"] != nil {
                    rejection.message = "messages[\(index)]: \(rejection.message)"
                }
                return refuse(rejection)
            }
        }
        let ids = bridge.hub.accept(messages, from: .broadcast)
        return .json(.accepted, ["accepted": .integer(Int64(ids.count)), "ids": .array(ids.map(JSONValue.string))])
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
