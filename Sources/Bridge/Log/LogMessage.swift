/// A message read from the log: its stream id, the decoded message and the way it came in.
struct LogMessage: Sendable {
    let id: StreamID
    let message: IncomingMessage
    let source: MessageSource
}
