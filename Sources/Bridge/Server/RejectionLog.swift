import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Logs refused input at most once per reason per minute, with the channel it came on.
final class RejectionLog: Sendable {
    private let lastLogged = NIOLockedValueBox<[RejectionReason: NIODeadline]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func note(_ rejection: Rejection, channel: String) {
        let now = NIODeadline.now()
        let due = lastLogged.withLockedValue { last in
            guard last[rejection.reason].map({ now - $0 >= .minutes(1) }) ?? true else { return false }
            last[rejection.reason] = now
            return true
        }
        guard due else { return }
        logger.warning("refused input: \(rejection.message)",
                       metadata: ["reason": "\(rejection.reason.rawValue)", "channel": "\(channel)"])
    }
}
