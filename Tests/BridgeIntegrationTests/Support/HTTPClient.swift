import NIOCore
import NIOHTTP1
import NIOPosix

/// A one-request-per-connection HTTP/1.1 client over NIO, to send exactly the bytes a test needs
/// (invalid UTF-8, oversized bodies, odd headers) and read everything the bridge answers.
enum HTTPClient {
    static func request(
        _ method: HTTPMethod = .GET,
        host: String = "127.0.0.1",
        port: Int,
        path: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(10)
    ) async throws -> HTTPResponse {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(3))
            .channelInitializer { channel in channel.pipeline.addHTTPClientHandlers() }
            .connect(host: host, port: port).get()
        defer { channel.close(promise: nil) }
        let promise = channel.eventLoop.makePromise(of: HTTPResponse.self)
        let limit = TimeAmount.nanoseconds(Int64(timeout.seconds * 1e9))
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(HTTPResponseCollector(promise: promise, timeout: limit, path: path))
        }.get()

        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Connection", value: "close")
        if let body { head.headers.add(name: "Content-Length", value: "\(body.count)") }
        for (name, value) in headers { head.headers.replaceOrAdd(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body, !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await promise.futureResult.get()
    }

    /// GET and parse the JSON body, requiring status 200.
    static func getJSON(port: Int, path: String, headers: [(String, String)] = []) async throws -> JSONValue {
        let response = try await request(port: port, path: path, headers: headers)
        guard response.status == 200 else { throw SupportError("GET \(path) answered \(response.status): \(response.text)") }
        return try response.json()
    }
}
