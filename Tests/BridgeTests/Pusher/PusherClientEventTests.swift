@testable import Bridge
import NIOCore
import Testing

/// docs/pusher.md#client-events: which client events are relayed, as what, and the rate limit.
@Suite("Pusher client events")
struct PusherClientEventTests {
    static let reader = PusherClientEvent(maxData: 100)
    static let subscribed: Set<String> = ["private-room", "presence-room", "news"]

    func read(_ name: String = "client-typing", channel: String?, data: JSONValue? = .object([:])) -> Result<Bridge.ChannelEvent, PusherRefusal> {
        Self.reader.event(name: name, channel: channel, data: data, from: "1.2", subscriptions: Self.subscribed)
    }

    @Test("on a subscribed private or presence channel: relayed to the channel without the sender",
          arguments: ["private-room", "presence-room"])
    func accepted(channel: String) {
        #expect(read(channel: channel, data: .object(["b": .integer(2), "a": .string("x")]))
            == .success(Bridge.ChannelEvent(name: "client-typing", data: #"{"a":"x","b":2}"#, channels: [channel], excludedSocket: "1.2")))
    }

    @Test("data is relayed as JSON text: a string as it is, other values encoded")
    func dataText() {
        #expect(PusherClientEvent.text(of: .string("hi")) == "hi")
        #expect(PusherClientEvent.text(of: .array([.integer(1)])) == "[1]")
        #expect(PusherClientEvent.text(of: nil) == "null")
    }

    @Test("public, unsubscribed and unnamed channels, long names and large data are refused with code null")
    func refused() throws {
        let cases: [(Result<Bridge.ChannelEvent, PusherRefusal>, String)] = [
            (read(channel: "news"), "only supported on private and presence channels"),
            (read(channel: "private-other"), "not subscribed to private-other"),
            (read(channel: nil), "needs a \"channel\""),
            (read(channel: "bad channel"), "not a channel name"),
            (read("client-" + String(repeating: "n", count: 194), channel: "private-room"), "at most 200"),
            (read(channel: "private-room", data: .string(String(repeating: "d", count: 101))), "BRIDGE_PUSHER_MAX_DATA"),
        ]
        for (result, hint) in cases {
            let refusal = try #require(result.failure)
            #expect(refusal.code == nil)
            #expect(refusal.message.hasPrefix("Client event rejected - "))
            #expect(refusal.message.contains(hint), "\(refusal.message)")
        }
        #expect(read("client-" + String(repeating: "n", count: 193), channel: "private-room").success != nil)
        #expect(read(channel: "private-room", data: .string(String(repeating: "d", count: 100))).success != nil)
    }

    @Test("at most 10 in any one-second span: the 11th is refused, and one second after the first, one more goes")
    func limit() {
        let start = NIODeadline.uptimeNanoseconds(5_000_000_000)
        var limit = PusherClientEventLimit()
        func admits(_ offset: TimeAmount) -> Bool { limit.admit(at: start + offset) }
        for index in 0..<10 { #expect(admits(.milliseconds(Int64(index) * 10))) }
        #expect(!admits(.milliseconds(500)))
        #expect(!admits(.milliseconds(999)))
        #expect(admits(.milliseconds(1000)))
        #expect(!admits(.milliseconds(1005)))
        #expect(admits(.milliseconds(1010)))
        for index in 0..<10 { #expect(admits(.seconds(5) + .milliseconds(Int64(index)))) }
        #expect(!admits(.seconds(5) + .milliseconds(10)))
    }
}
