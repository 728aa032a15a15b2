import FuzzSupport

/// The executable's entry point: libFuzzer's driver with this target's `LLVMFuzzerTestOneInput`,
/// after the global executor hook (``GlobalJobs``) and the bridge are in place.
@main
enum Entry {
    static func main() {
        GlobalJobs.install()
        HTTPRequestFuzzer.prepare()
        FuzzerDriver.run { data, size in fuzzHTTPRequest(data, size) }
    }
}
