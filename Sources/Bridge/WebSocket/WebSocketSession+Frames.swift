import Foundation
import NIOCore

/// The client frames of SPEC §5: auth, resume, ping; anything else is a bad frame.
extension WebSocketSession {
    func handleText(_ payload: ByteBuffer) {
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: Data(payload.readableBytesView)),
              case .object(let fields) = object else {
            return rejectFrame("frames must be JSON objects")
        }
        guard case .string(let type)? = fields["type"] else {
            return rejectFrame("a frame needs a string \"type\"")
        }
        switch (type, phase) {
        case ("bridge:ping", _):
            write(ServerFrame.text("{\"type\":\"bridge:pong\"}"), flush: true)
        case ("bridge:auth", .awaitingAuth), ("bridge:auth", .open):
            guard case .string(let token)? = fields["token"], !token.isEmpty else {
                return phase == .open ? rejectFrame("bridge:auth needs a \"token\"")
                    : close(code: CloseCode.unauthorized, reason: "bridge:auth needs a token")
            }
            authenticate(token)
        case ("bridge:resume", .open), ("bridge:resume", .verifying), ("bridge:resume", .awaitingAuth):
            guard case .string(let lastId)? = fields["last_id"] else {
                return rejectFrame("bridge:resume needs a string \"last_id\"")
            }
            if phase == .open { resume(from: lastId) } else { rememberResume(lastId) }
        case (_, .awaitingAuth):
            close(code: CloseCode.unauthorized, reason: "authenticate first with bridge:auth")
        case _ where type.hasPrefix("bridge:"):
            rejectFrame("unknown or untimely frame type \(type)")
        default:
            rejectFrame("clients cannot publish events; use POST /broadcast from a trusted backend")
        }
    }

    private func rejectFrame(_ message: String) {
        sendError("bad_frame", message)
    }
}
