/// A recently accepted message as the dashboard sees it: never its payload.
public struct RecentEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    public var timestamp: String
}
