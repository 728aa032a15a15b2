import ArgumentParser

/// `bridge`: the realtime sidecar of the ICT help-desk.
@main
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "Realtime bridge: Redis pub/sub and POST /broadcast to authenticated WebSocket sessions.",
        discussion: "Every option of `serve` also reads its environment variable; a flag wins over the variable.",
        subcommands: [Serve.self, Token.self],
        defaultSubcommand: Serve.self
    )
}
