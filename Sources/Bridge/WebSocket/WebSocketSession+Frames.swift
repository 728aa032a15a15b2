import NIOCore

/// The client frames of docs/protocol.md: auth, resume (once), ping; anything else is a bad
/// frame, and text that is not UTF-8 closes with 1007.
extension WebSocketSession {
    func handleText(_ payload: ByteBuffer) {
        switch (ClientFrame.parse(payload), phase) {
        case (.invalidUTF8, _):
            close(code: CloseCode.invalidPayload, reason: "text is not valid UTF-8", grace: .seconds(2))
        case (.ping, _):
            write(BridgeFrame.pong.bytes, flush: true)
        case (.auth(let token?), .awaitingAuth), (.auth(let token?), .open):
            authenticate(token)
        case (.auth(nil), .open):
            rejectFrame("bridge:auth needs a \"token\"")
        case (.auth(nil), .awaitingAuth):
            close(code: CloseCode.unauthorized, reason: "bridge:auth needs a token")
        case (.resume(nil), _):
            rejectFrame("bridge:resume needs a string \"last_id\"")
        case (.resume, _) where resumeUsed:
            rejectFrame("bridge:resume is honoured once per session; reconnect with ?last_id= to resume again")
        case (.resume(let lastId?), .open):
            resumeUsed = true
            resume(from: lastId)
        case (.resume(let lastId?), _):
            resumeUsed = true
            rememberResume(lastId)
        case (.unusable(let reason), _):
            rejectFrame(reason)
        case (_, .awaitingAuth):
            close(code: CloseCode.unauthorized, reason: "authenticate first with bridge:auth")
        case (.event, _):
            rejectFrame("clients cannot publish events; use POST /broadcast from a trusted backend")
        case (.unknownBridgeType(let type), _):
            rejectFrame("unknown or untimely frame type \(type)")
        case (.auth, _):
            rejectFrame("unknown or untimely frame type bridge:auth")
        }
    }

    private func rejectFrame(_ message: String) {
        sendError("bad_frame", message)
    }
}
