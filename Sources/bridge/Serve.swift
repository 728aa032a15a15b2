import ArgumentParser
import Bridge
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `bridge serve`: runs the bridge until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the bridge (the default command).")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = Logger.Level(rawValue: (options.logLevel ?? environment["BRIDGE_LOG_LEVEL"] ?? "info").lowercased()) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "bridge")
        let configuration: BridgeConfiguration
        do {
            configuration = try BridgeConfiguration(settings: options.settings(environment: environment), devMode: options.dev)
        } catch {
            FileHandle.standardError.write(Data("bridge: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if configuration.devMode {
            logger.warning("DEVELOPMENT MODE: loopback only, fixed secret \"\(BridgeConfiguration.developmentSecret)\", GET /dev/token enabled; never use in production")
        }
        let server = await BridgeServer.make(configuration: configuration, logger: logger)
        do {
            try await server.run(gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("bridge: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
