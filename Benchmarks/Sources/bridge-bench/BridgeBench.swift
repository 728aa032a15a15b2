import ArgumentParser

@main
struct BridgeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge-bench",
        abstract: "Load generator for the bridge and its peers: WebSocket sessions over SwiftNIO, publishing through Redis or HTTP, end-to-end latency and throughput.",
        subcommands: [RunCommand.self, SoakCommand.self, StormCommand.self, PresenceStormCommand.self, TokenCommand.self, WorkerCommand.self, StormWorkerCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
