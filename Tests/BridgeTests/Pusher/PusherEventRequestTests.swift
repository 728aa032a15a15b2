@testable import Bridge
import Testing

/// docs/pusher.md#http-api: the bodies of /events and /batch_events and Pusher's limits.
@Suite("Pusher event requests")
struct PusherEventRequestTests {
    let reader = PusherEventRequest(maxData: 10_240)

    func event(_ text: String) -> Result<ChannelEvent, PusherEventRequest.Refusal> {
        reader.event(from: Array(text.utf8))
    }

    @Test("an event on several channels, its data kept as sent, socket_id excluded")
    func event() {
        let read = event(#"{"name":"ticket.updated","channels":["tickets","private-ticket.5","tickets"],"data":"{\"id\":5}","socket_id":"123.456"}"#)
        #expect(read.success == ChannelEvent(name: "ticket.updated", data: #"{"id":5}"#, channels: ["tickets", "private-ticket.5"],
                                             excludedSocket: "123.456"))
        #expect(event(#"{"name":"a","channel":"one","data":"x"}"#).success?.channels == ["one"])
    }

    @Test("Pusher's limits: 200-character names, 100 channels, data of BRIDGE_PUSHER_MAX_DATA bytes (413)")
    func limits() {
        let name200 = String(repeating: "n", count: 200)
        #expect(event(#"{"name":"\#(name200)","channel":"c","data":""}"#).success != nil)
        #expect(event(#"{"name":"\#(name200)n","channel":"c","data":""}"#).failure?.tooLarge == false)
        let hundred = (0..<100).map { "\"c\($0)\"" }.joined(separator: ",")
        #expect(event(#"{"name":"e","channels":[\#(hundred)],"data":""}"#).success != nil)
        #expect(event(#"{"name":"e","channels":[\#(hundred),"c100"],"data":""}"#).failure?.message.contains("1 to 100") == true)
        let data = String(repeating: "d", count: 10_240)
        #expect(event(#"{"name":"e","channel":"c","data":"\#(data)"}"#).success != nil)
        #expect(event(#"{"name":"e","channel":"c","data":"\#(data)d"}"#).failure?.tooLarge == true)
    }

    @Test("malformed bodies are refused with what to fix")
    func malformed() {
        #expect(event("not json").failure?.message.contains("JSON object") == true)
        #expect(event(#"{"channel":"c","data":""}"#).failure?.message.contains("name") == true)
        #expect(event(#"{"name":"e","channel":"c","data":{"a":1}}"#).failure?.message.contains("JSON-encode") == true)
        #expect(event(#"{"name":"e","data":""}"#).failure?.message.contains("channels") == true)
        #expect(event(#"{"name":"e","channels":[],"data":""}"#).failure != nil)
        #expect(event(#"{"name":"e","channel":"bad channel","data":""}"#).failure?.message.contains("letters") == true)
        #expect(event(#"{"name":"e","channel":"c","data":"","socket_id":"abc"}"#).failure?.message.contains("socket_id") == true)
    }

    @Test("a batch holds at most 10 events; an error names the event")
    func batch() {
        let one = #"{"name":"e","channel":"c","data":"x"}"#
        let ten = Array(repeating: one, count: 10).joined(separator: ",")
        #expect(reader.batch(from: Array(#"{"batch":[\#(ten)]}"#.utf8)).success?.count == 10)
        #expect(reader.batch(from: Array(#"{"batch":[\#(ten),\#(one)]}"#.utf8)).failure?.message.contains("at most 10") == true)
        #expect(reader.batch(from: Array(#"{"batch":[\#(one),{"name":"e"}]}"#.utf8)).failure?.message.hasPrefix("batch[1].") == true)
        #expect(reader.batch(from: Array(#"[]"#.utf8)).failure != nil)
    }

    @Test("socket ids look like 1234.5678")
    func socketIds() {
        #expect(PusherEventRequest.isSocketId("1234.5678"))
        #expect(!PusherEventRequest.isSocketId("1234"))
        #expect(!PusherEventRequest.isSocketId("1234.5678.9"))
        #expect(!PusherEventRequest.isSocketId(".5"))
        #expect(!PusherEventRequest.isSocketId("a.5"))
    }
}
