import Foundation
import NIOCore
import NIOHTTP1

/// The browser client and the pages the bridge serves from its resource folder.
enum StaticResources {
    static let bundleName = "ict-realtime-bridge_Bridge.resources"

    private static let files: [String: (name: String, type: String)] = [
        "/client.js": ("client.js", "application/javascript; charset=utf-8"),
        "/dashboard": ("dashboard.html", "text/html; charset=utf-8"),
        "/demo": ("demo.html", "text/html; charset=utf-8"),
    ]

    /// Where the files are: `BRIDGE_RESOURCES`, the bundle beside the executable (as SwiftPM and
    /// the Docker image lay it out), or the source folder of a development checkout.
    static let folder: URL? = {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["BRIDGE_RESOURCES"].map { URL(fileURLWithPath: $0) },
            executable.appendingPathComponent(bundleName).appendingPathComponent("Resources"),
            executable.appendingPathComponent(bundleName),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("client.js").path) }
    }()

    /// Loaded once; a missing file answers 404.
    private static let contents: [String: ByteBuffer] = {
        guard let folder else { return [:] }
        var loaded: [String: ByteBuffer] = [:]
        for (path, file) in files {
            if let data = try? Data(contentsOf: folder.appendingPathComponent(file.name)) { loaded[path] = ByteBuffer(bytes: data) }
        }
        return loaded
    }()

    static func response(for path: String) -> HTTPResponse? {
        guard let file = files[path], let body = contents[path] else { return nil }
        var response = HTTPResponse(status: .ok, contentType: file.type, body: body)
        response.headers.add(name: "Cache-Control", value: "no-cache")
        return response
    }
}
