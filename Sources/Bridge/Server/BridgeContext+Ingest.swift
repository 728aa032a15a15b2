/// The Redis way in: decode a batch, fold multi-channel copies, number and deliver.
extension BridgeContext {
    func ingestFromRedis(_ batch: [PublishedPayload], fanIn: inout ChannelFanIn) {
        let messages = fanIn.fold(batch, decoder: decoder) { rejection, channel in
            reject(rejection, from: .redis, channel: channel)
        }
        hub.accept(messages, from: .redis)
    }
}
