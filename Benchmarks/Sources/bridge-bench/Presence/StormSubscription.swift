import Foundation
import BenchCore

/// What every member subscribes with: the channel, the app that signs its `channel_data`, and
/// how many users there are (user ids are `0..<capacity`).
struct StormSubscription: Sendable {
    let channel: String
    let signer: PusherAPISigner
    let capacity: Int

    /// `channel_data` of user `user`: its id and a small `user_info`, as Laravel's presence auth answers.
    func channelData(user: Int) -> String {
        #"{"user_id":"\#(user)","user_info":{"name":"User \#(user)"}}"#
    }

    /// The `pusher:subscribe` of user `user` on connection `socketId`, signed.
    func subscribeMessage(user: Int, socketId: String) -> String {
        let data = channelData(user: user)
        let auth = signer.presenceAuth(socketId: socketId, channel: channel, channelData: data)
        let escaped = data.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"event":"pusher:subscribe","data":{"channel":"\#(channel)","auth":"\#(auth)","channel_data":"\#(escaped)"}}"#
    }
}
