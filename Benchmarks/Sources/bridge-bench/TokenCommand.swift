import ArgumentParser
import BenchCore
import Foundation

/// Prints one token as the bench mints it (to check it against the bridge by hand).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Print one HS256 session token as the benchmark mints it.")

    @Option(help: "User id (sub).") var user: String = "5"
    @Option(help: "Comma list of roles.") var roles: String = ""
    @Option(help: "Lifetime in seconds.") var ttl: Int = 3600
    @Option(help: "Secret (default: env BRIDGE_SECRET).") var secret: String?

    func run() throws {
        guard let key = secret ?? ProcessInfo.processInfo.environment["BRIDGE_SECRET"] else {
            throw ValidationError("set BRIDGE_SECRET or --secret")
        }
        let roleList = roles.split(separator: ",").map(String.init)
        print(TokenMinter(secret: key).token(user: user, roles: roleList, expiresAt: Int(Date().timeIntervalSince1970) + ttl))
    }
}
