import FuzzSupport

/// The executable's entry point: libFuzzer's driver with this target's `LLVMFuzzerTestOneInput`.
@main
enum Entry {
    static func main() {
        FuzzerDriver.run { data, size in fuzzToken(data, size) }
    }
}
