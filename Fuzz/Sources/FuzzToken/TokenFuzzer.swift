import Foundation
@testable import Bridge
import FuzzSupport

/// Fuzzes the session-token path: `TokenAuthority.algorithm(of:)` (synchronous, read on every
/// connection) and the asynchronous `TokenAuthority.verify(_:)`.
///
/// The authority is built once. Each input is verified in a task that the synchronous entry
/// point waits for with a semaphore, so one run costs one task hop, not a fresh key set.
enum TokenFuzzer {
    static let authority: TokenAuthority = TaskWaiter.wait { await TokenAuthority(secret: FuzzKeys.secret) }

    static func run(_ input: UnsafeRawBufferPointer) {
        let token = String(decoding: input, as: UTF8.self)
        let algorithm = TokenAuthority.algorithm(of: token)
        let authority = authority
        let identity: SessionIdentity? = TaskWaiter.wait { try? await authority.verify(token) }
        guard let identity else { return }
        guard algorithm == "HS256" else { fatalError("accepted a token whose alg is \(algorithm ?? "missing")") }
        guard !identity.userId.isEmpty else { fatalError("accepted a token with an empty user id") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    TokenFuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
