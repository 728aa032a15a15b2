// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for the bridge. Build with
// `swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`
// (or `scripts/fuzz.sh`). Each target is an executable whose `@main` starts libFuzzer's driver
// (FuzzSupport/FuzzerDriver.swift says why) with its `LLVMFuzzerTestOneInput`.

// SwiftPM names a path dependency after its directory, which differs between clones
// (`main`, `ict-realtime-bridge`, …); read it instead of hard-coding it.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"
let bridge: Target.Dependency = .product(name: "Bridge", package: root)

func nio(_ product: String) -> Target.Dependency {
    .product(name: product, package: "swift-nio")
}

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "bridge-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzEnvelope",
            dependencies: [bridge, "FuzzSupport", nio("NIOCore")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzToken",
            dependencies: [bridge, "FuzzSupport"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzClientFrame",
            dependencies: [bridge, "FuzzSupport", nio("NIOCore"), nio("NIOEmbedded"), nio("NIOWebSocket")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzHTTPRequest",
            dependencies: [
                bridge, "FuzzSupport", nio("NIOCore"), nio("NIOEmbedded"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
