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
        var settings = options.settings(environment: environment)
        let hasSecret = !(settings[.secret]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
        let dev = options.dev || (options.devUnlessSecret && !hasSecret)
        // Inside a container loopback is unreachable from the host, so an address given explicitly
        // (the image's WEBSOCKET_HOST=0.0.0.0) is kept in development mode, with a louder warning;
        // only with the development secret, never with a real one (/dev/token would sign with it).
        let exposedHost = settings[.host].flatMap { ["127.0.0.1", "::1", "localhost"].contains($0) ? nil : $0 }
        let exposed = dev && !hasSecret && exposedHost != nil
        if exposed { settings[.secret] = BridgeConfiguration.developmentSecret }
        var configuration: BridgeConfiguration
        do {
            configuration = try BridgeConfiguration(settings: settings, devMode: dev && !exposed)
        } catch {
            FileHandle.standardError.write(Data("bridge: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if exposed { configuration.devMode = true }
        if let host = exposedHost, exposed {
            logger.warning("DEVELOPMENT MODE on \(host) (WEBSOCKET_HOST): fixed secret \"\(BridgeConfiguration.developmentSecret)\", GET /dev/token enabled for anyone who reaches this port; publish it on 127.0.0.1 only, set BRIDGE_SECRET for anything else; never use in production")
        } else if configuration.devMode {
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
