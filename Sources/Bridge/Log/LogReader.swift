import Logging
import NIOCore
import ServiceLifecycle

/// Reads the shared log on a connection of its own: on first contact the newest entries (so
/// resume and polling work for what was appended before this node started), then every new
/// entry with a blocking XREAD, in stream order. After a lost connection it continues from the
/// last entry it read; if that entry has been trimmed meanwhile, it says so.
struct LogReader: Service {
    /// Entries read per XREAD, and how long one XREAD waits for new entries.
    static let readCount = 256
    static let block = TimeAmount.seconds(2)
    /// Entries per page when loading the newest part of the log.
    static let pageSize = 100

    private let endpoint: RedisEndpoint
    private let key: String
    private let capacity: Int
    private let byteCapacity: Int
    private let eventLoop: any EventLoop
    private let sink: any LogSink
    private let logger: Logger
    private let limits: RedisLimits

    init(endpoint: RedisEndpoint, key: String, capacity: Int, byteCapacity: Int, eventLoop: any EventLoop,
         sink: any LogSink, logger: Logger,
         limits: RedisLimits = RedisLimits(maxBufferedBytes: (readCount + 16) * 1_048_576)) {
        self.endpoint = endpoint
        self.key = key
        self.capacity = capacity
        self.byteCapacity = byteCapacity
        self.eventLoop = eventLoop
        self.sink = sink
        self.logger = logger
        self.limits = limits
    }

    /// Reads until graceful shutdown or cancellation.
    func run() async {
        await ConnectionSlot.serve { slot in await self.readUntilStopped(slot) }
    }

    private func readUntilStopped(_ slot: ConnectionSlot) async {
        var last: StreamID?
        await slot.retrying(on: eventLoop, logger: logger, warning: "cannot read the log",
                            failed: { sink.readerConnected(false, reason: $0) }) { backoff in
            let connection = try await RedisConnection.connect(to: endpoint, on: eventLoop, limits: limits)
            guard slot.adopt(connection) else { return }
            if let known = last {
                try await checkContinuity(after: known, over: connection)
            } else {
                last = try await preload(over: connection)
            }
            sink.readerConnected(true, reason: nil)
            logger.info("reading the log", metadata: ["stream": "\(key)", "after": "\(last ?? .zero)"])
            backoff.reset()
            while !slot.isStopping {
                let before = last ?? .zero
                let entries = try await read(after: before, over: connection)
                guard let newest = entries.last?.id else { continue }
                if entries.count == Self.readCount { try await checkNotOvertaken(after: before, over: connection) }
                sink.deliver(entries)
                last = newest
            }
        }
    }

    /// Loads the newest `capacity` entries (fewer if `byteCapacity` is reached first) and answers
    /// the id reading continues after.
    private func preload(over connection: RedisConnection) async throws(RedisError) -> StreamID {
        var newestFirst: [LogEntry] = []
        var bytes = 0
        var floor = StreamID.zero
        var end = "+"
        paging: while true {
            let page = LogEntry.entries(ofRange: try await checked(
                connection.command(["XREVRANGE", key, end, "-", "COUNT", String(Self.pageSize)])))
            for entry in page {
                bytes += entry.payload?.count ?? 0
                guard newestFirst.count < capacity, bytes <= byteCapacity else {
                    floor = entry.id
                    break paging
                }
                newestFirst.append(entry)
            }
            guard page.count == Self.pageSize, let oldest = page.last else { break }
            end = "(\(oldest.id)"
        }
        sink.preload(newestFirst.reversed(), after: floor)
        return newestFirst.first?.id ?? floor
    }

    private func read(after last: StreamID, over connection: RedisConnection) async throws(RedisError) -> [LogEntry] {
        let blockMilliseconds = Self.block.nanoseconds / 1_000_000
        let reply = try await checked(connection.command(
            ["XREAD", "COUNT", String(Self.readCount), "BLOCK", String(blockMilliseconds), "STREAMS", key, last.description],
            timeout: Self.block + limits.commandTimeout))
        return LogEntry.entries(ofRead: reply)
    }

    /// A full read means this node is behind: if the log's oldest entry is already past the last
    /// one it had read, writers trimmed entries it never read (more than the log's length
    /// appended faster than it reads), and its sessions must resync.
    private func checkNotOvertaken(after last: StreamID, over connection: RedisConnection) async throws(RedisError) {
        guard last != .zero else { return }
        let oldest = LogEntry.entries(ofRange: try await checked(connection.command(["XRANGE", key, "-", "+", "COUNT", "1"])))
        guard let first = oldest.first?.id, first > last else { return }
        logger.warning("the log was trimmed past entries this node had not read yet (it fell more than the log's length behind); sessions will resync",
                       metadata: ["stream": "\(key)", "last": "\(last)", "oldest": "\(first)"])
        sink.lostContinuity()
    }

    /// After a reconnect: is the last entry read still in the log? If not, what followed it may
    /// have been trimmed unread.
    private func checkContinuity(after last: StreamID, over connection: RedisConnection) async throws(RedisError) {
        guard last != .zero else { return }
        let reply = try await checked(connection.command(["XRANGE", key, last.description, last.description]))
        if LogEntry.entries(ofRange: reply).isEmpty {
            logger.warning("the log was trimmed past the last entry this node read; sessions will resync",
                           metadata: ["stream": "\(key)", "last": "\(last)"])
            sink.lostContinuity()
        }
    }

    private func checked(_ reply: RedisReply) throws(RedisError) -> RedisReply {
        if case .error(let message) = reply { throw RedisError("reading the log \(key): \(message)") }
        return reply
    }
}
