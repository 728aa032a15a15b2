#if canImport(Glibc)
import Glibc
#endif

extension BridgeProcess {
    /// SIGKILL, as a crash or the OOM killer would: no shutdown at all (no 4200 to sessions, no
    /// removal of its entry from the cluster hash). Waits (bounded) for the process to be gone and
    /// answers its exit status (128 + 9).
    @discardableResult
    func kill() async -> Int32? {
        child.signal(SIGKILL)
        return await child.waitForExit(timeout: .seconds(5))
    }
}
