/// The recipients of one event loop; touched only on that loop.
final class LoopRegistry {
    /// Registered recipients in one contiguous array: fan-out walks it without copying it (a
    /// removal during a walk copies it then, which is rare); each recipient knows its slot.
    private(set) var recipients: [any Recipient] = []
    private(set) var recipientsByUser: [String: [any Recipient]] = [:]
    /// Registered recipients that take messages by channel (Pusher connections), whoever they are:
    /// contiguous too, so that an event to a channel walks them in order without building a list.
    private(set) var channelRecipients: [any Recipient] = []
    /// Connections not registered yet (not authenticated), watched by the housekeeping tick.
    private(set) var pending: [ObjectIdentifier: any Recipient] = [:]

    func connect(_ recipient: any Recipient) {
        guard recipient.registrySlot == nil else { return }
        pending[ObjectIdentifier(recipient)] = recipient
    }

    /// Registers `recipient` under its user; it must know its user by now, unless it takes
    /// messages by channel.
    func register(_ recipient: any Recipient) {
        pending.removeValue(forKey: ObjectIdentifier(recipient))
        guard recipient.registrySlot == nil, recipient.userId != nil || recipient.takesByChannel else { return }
        recipient.registrySlot = recipients.count
        recipients.append(recipient)
        if let user = recipient.userId { recipientsByUser[user, default: []].append(recipient) }
        if recipient.takesByChannel {
            recipient.channelSlot = channelRecipients.count
            channelRecipients.append(recipient)
        }
    }

    func unregister(_ recipient: any Recipient) {
        pending.removeValue(forKey: ObjectIdentifier(recipient))
        guard let slot = recipient.registrySlot, slot < recipients.count, recipients[slot] === recipient else { return }
        recipient.registrySlot = nil
        Self.swapRemove(at: slot, from: &recipients, slot: \.registrySlot)
        if let channelSlot = recipient.channelSlot, channelSlot < channelRecipients.count, channelRecipients[channelSlot] === recipient {
            recipient.channelSlot = nil
            Self.swapRemove(at: channelSlot, from: &channelRecipients, slot: \.channelSlot)
        }
        guard let user = recipient.userId else { return }
        recipientsByUser[user]?.removeAll { $0 === recipient }
        if recipientsByUser[user]?.isEmpty == true { recipientsByUser.removeValue(forKey: user) }
    }

    /// Removes the recipient at `index` by moving the last one into its place, and tells the moved
    /// one its new slot.
    private static func swapRemove(at index: Int, from list: inout [any Recipient], slot: ReferenceWritableKeyPath<any Recipient, Int?>) {
        let last = list.removeLast()
        guard index < list.count else { return }
        list[index] = last
        last[keyPath: slot] = index
    }

    /// Every connection, registered or not.
    var all: [any Recipient] { Array(pending.values) + recipients }
}
