import Testing
@testable import Bridge

/// README.md#configuration `REDIS_URL`: `redis://[:password@]host:port[/db]`; the password is never printed.
@Suite("Redis endpoint")
struct RedisEndpointTests {
    @Test("valid URLs", arguments: [
        ("redis://127.0.0.1:6379/0", RedisEndpoint(host: "127.0.0.1", port: 6379, password: nil, database: 0)),
        ("redis://redis.local", RedisEndpoint(host: "redis.local", port: 6379, password: nil, database: 0)),
        ("redis://redis.local/", RedisEndpoint(host: "redis.local", port: 6379, password: nil, database: 0)),
        ("redis://redis.local:6380/3", RedisEndpoint(host: "redis.local", port: 6380, password: nil, database: 3)),
        ("redis://:s3cret@redis.local:6380/1", RedisEndpoint(host: "redis.local", port: 6380, password: "s3cret", database: 1)),
        ("redis://:p@ss:w0rd@10.0.0.2", RedisEndpoint(host: "10.0.0.2", port: 6379, password: "p@ss:w0rd", database: 0)),
        ("redis://default:s3cret@redis.local", RedisEndpoint(host: "redis.local", port: 6379, password: "s3cret", database: 0)),
        ("redis://:@redis.local", RedisEndpoint(host: "redis.local", port: 6379, password: nil, database: 0)),
    ])
    func valid(url: String, endpoint: RedisEndpoint) {
        #expect(RedisEndpoint(url: url) == endpoint)
    }

    @Test("invalid URLs", arguments: [
        "", "127.0.0.1:6379", "http://127.0.0.1:6379", "rediss://127.0.0.1:6379", "redis://", "redis://:6379",
        "redis://host:0", "redis://host:65536", "redis://host:port", "redis://host/db", "redis://:pw@",
    ])
    func invalid(url: String) {
        #expect(RedisEndpoint(url: url) == nil)
    }

    @Test("descriptions never show the password, and say that there is one")
    func descriptionHidesPassword() throws {
        let endpoint = try #require(RedisEndpoint(url: "redis://:hunter2-secret@redis.local:6380/1"))
        for text in ["\(endpoint)", String(describing: endpoint), String(reflecting: endpoint)] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(endpoint)" == "redis://:***@redis.local:6380/1")
        #expect("\(RedisEndpoint.default)" == "redis://127.0.0.1:6379/0")
    }
}
