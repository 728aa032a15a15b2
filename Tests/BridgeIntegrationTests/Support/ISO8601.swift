import Foundation

/// Parses ISO-8601 timestamps that carry a zone (`Z` or `±hh:mm`), with any number of fractional
/// digits (Foundation's formatter only takes milliseconds, so fractions are cut off first).
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})/) else {
            return nil
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: "\(match.1)\(match.3)")
    }
}
