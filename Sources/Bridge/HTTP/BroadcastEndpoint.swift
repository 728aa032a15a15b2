import Foundation
import NIOCore
import NIOHTTP1

/// `POST /broadcast`: one envelope or `{"messages": [...]}` from a trusted backend (SPEC §6, §10).
struct BroadcastEndpoint {
    let bridge: BridgeContext

    func answer(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = authorise(request) { return refusal }
        let contentType = request.head.headers.first(name: "content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.contains("+json") else {
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

    private func authorise(_ request: HTTPRequest) -> HTTPResponse? {
        guard let expected = bridge.configuration.broadcastToken else {
            return request.fromLoopback ? nil
                : .error(.unauthorized, "POST /broadcast is loopback-only until BRIDGE_BROADCAST_TOKEN is set")
        }
        let header = request.head.headers.first(name: "authorization") ?? ""
        guard header == "Bearer \(expected)" else {
            return .error(.unauthorized, "send Authorization: Bearer <BRIDGE_BROADCAST_TOKEN>")
        }
        return nil
    }

    private func refuse(_ rejection: Rejection) -> HTTPResponse {
        bridge.reject(rejection, from: .broadcast, channel: nil)
        return .error(.badRequest, rejection.message, field: rejection.field)
    }
}
