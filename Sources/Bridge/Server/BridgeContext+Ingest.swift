/// The two ways in (Redis and `POST /broadcast`) share one decoder and one hub.
extension BridgeContext {
    func ingestFromRedis(_ payload: [UInt8], channel: String, fanIn: inout ChannelFanIn) {
        switch decoder.decode(payload, channel: channel) {
        case .failure(let rejection):
            reject(rejection, from: .redis, channel: channel)
        case .success(let message):
            guard let message = fanIn.admit(message, payload: payload, channel: channel) else { return }
            hub.accept([message], from: .redis)
        }
    }
}
