/// The recipients of one event loop; touched only on that loop.
final class LoopRegistry {
    /// Registered recipients in one contiguous array: fan-out walks it without copying it (a
    /// removal during a walk copies it then, which is rare); each recipient knows its slot.
    private(set) var recipients: [any Recipient] = []
    private(set) var recipientsByUser: [String: [any Recipient]] = [:]
    /// Registered recipients that take messages by channel (Pusher connections), whoever they are.
    private(set) var channelRecipients: [ObjectIdentifier: any Recipient] = [:]
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
        if recipient.takesByChannel { channelRecipients[ObjectIdentifier(recipient)] = recipient }
    }

    func unregister(_ recipient: any Recipient) {
        pending.removeValue(forKey: ObjectIdentifier(recipient))
        guard let slot = recipient.registrySlot, slot < recipients.count, recipients[slot] === recipient else { return }
        recipient.registrySlot = nil
        let last = recipients.removeLast()
        if slot < recipients.count {
            recipients[slot] = last
            last.registrySlot = slot
        }
        channelRecipients.removeValue(forKey: ObjectIdentifier(recipient))
        guard let user = recipient.userId else { return }
        recipientsByUser[user]?.removeAll { $0 === recipient }
        if recipientsByUser[user]?.isEmpty == true { recipientsByUser.removeValue(forKey: user) }
    }

    /// Every connection, registered or not.
    var all: [any Recipient] { Array(pending.values) + recipients }
}
