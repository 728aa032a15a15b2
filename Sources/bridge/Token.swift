import ArgumentParser
import Bridge
import Foundation

/// `bridge token`: mints a session token, for tests, scripts and the demo page.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print an HS256 session token for a user.")

    @Option(help: "The user id (the token's sub).") var user: String
    @Option(help: "Comma list of roles, e.g. admin,technician.") var roles: String = ""
    @Option(help: "Lifetime in seconds, at most --max-token-ttl.") var ttl: Int = 3600
    @Option(help: "Longest lifetime the bridge accepts. [env: BRIDGE_MAX_TOKEN_TTL, default: 604800]") var maxTokenTtl: Int?
    @Option(help: "Display name claim.") var name: String?
    @Option(help: "Signing key, at least 32 bytes. [env: BRIDGE_SECRET]") var secret: String?
    @Flag(help: "Sign with the development secret of `bridge serve --dev`.") var dev = false

    func run() async throws {
        let key = dev ? BridgeConfiguration.developmentSecret : (secret ?? ProcessInfo.processInfo.environment["BRIDGE_SECRET"] ?? "")
        guard key.utf8.count >= 32 else {
            FileHandle.standardError.write(Data("bridge token: BRIDGE_SECRET must be set and at least 32 bytes (or pass --dev)\n".utf8))
            throw ExitCode(2)
        }
        let environmentMax = ProcessInfo.processInfo.environment[SettingKey.maxTokenTTL.variable].flatMap { Int($0) }
        let maxLifetime = maxTokenTtl ?? environmentMax ?? BridgeConfiguration().maxTokenTTL
        guard ttl > 0 else {
            FileHandle.standardError.write(Data("bridge token: --ttl must be a positive number of seconds\n".utf8))
            throw ExitCode(2)
        }
        guard ttl <= maxLifetime else {
            FileHandle.standardError.write(Data("bridge token: --ttl \(ttl) is over BRIDGE_MAX_TOKEN_TTL (\(maxLifetime) s); the bridge would refuse the token\n".utf8))
            throw ExitCode(2)
        }
        let authority = await TokenAuthority(secret: key, maxLifetime: maxLifetime)
        let roleList = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        print(try await authority.mint(user: user, roles: roleList, name: name, lifetime: ttl))
    }
}
