import CLibFuzzer
import Foundation

/// Starts libFuzzer from a target's `@main`.
///
/// SwiftPM links every executable with `--defsym main=<Target>_main`, so the `main` of
/// libFuzzer's runtime never runs; the target's own entry point hands the command line and its
/// `LLVMFuzzerTestOneInput` to `LLVMFuzzerRunDriver`, which parses flags and fuzzes as usual.
public enum FuzzerDriver {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ testOneInput: TestOneInput) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
