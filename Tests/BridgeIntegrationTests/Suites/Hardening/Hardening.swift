/// The namespace of the hardening suites, so `swift test --filter Hardening` selects them all.
enum Hardening {}
