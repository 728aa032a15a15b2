import ArgumentParser
import BenchCore
import Foundation

/// `bridge-bench presence-storm`: many members join one presence channel across the nodes.
struct PresenceStormCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presence-storm",
        abstract: "Join N members (one user each) to one Pusher presence channel across nodes; time until all joined and all know each other.",
        discussion: """
        Usually run through Benchmarks/presence-storm.sh, which starts redis-server and three bridge nodes with \
        BRIDGE_PRESENCE_MAX_MEMBERS raised. By hand (loopback only):

          PUSHER_APP_SECRET=… bridge-bench presence-storm --members 1000 --url ws://127.0.0.1:P1/app/KEY?protocol=7 --url … --server-pid <pid> …

        Member i is user "i" and connects to URL i mod the URL count; on connection_established it subscribes with \
        channel_data {"user_id":"i","user_info":{"name":"User i"}} signed with the app secret. Every join sends \
        member_added to every member already there: K members mean K(K−1)/2 member_added frames, and the k-th \
        members list holds k members. 'all joined' is the last subscription_succeeded, 'all seen' the moment the \
        last member knew all K members (its list plus member_added), both from the first connect. A member that \
        hears of a user twice, never, or before its list, or ends up knowing a user that did not join (a ghost), is reported. Server CPU and peak RSS come from /proc of \
        every --server-pid (in --url order) and --redis-pid. Exits 1 when a member did not join or did not come to know every member.
        """
    )

    @OptionGroup var options: PresenceStormOptions

    func run() async throws {
        try options.check()
        Watchdog.start(seconds: options.deadline, what: "presence-storm")
        stormLog("presence storm: \(options.members) members on \(options.urls.count) node(s), joining \(options.channel) at \(Int(options.joinRate))/s")
        let result = try await PresenceStorm(options: options).run()
        print(result.table, terminator: "")
        if let path = options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: path))
            stormLog("wrote \(path)")
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
