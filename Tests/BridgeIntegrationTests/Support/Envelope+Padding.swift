extension Envelope {
    /// A notification for a user no test connects as, padded so its JSON is exactly `byteCount` bytes.
    static func padded(toBytes byteCount: Int) -> JSONValue {
        func make(_ padding: Int) -> JSONValue {
            notification(userIDs: ["nobody"]).replacingTitle(String(repeating: "x", count: padding))
        }
        let base = make(0).bytes.count
        return make(max(0, byteCount - base))
    }
}

extension JSONValue {
    /// This notification envelope with `data.notification.title` replaced.
    func replacingTitle(_ title: String) -> JSONValue {
        guard var root = object, var data = root["data"]?.object, var notification = data["notification"]?.object else {
            return self
        }
        notification["title"] = .string(title)
        data["notification"] = .object(notification)
        root["data"] = .object(data)
        return .object(root)
    }
}
