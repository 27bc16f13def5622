/// A time of day (`07:32:00.999`); fractions beyond nanoseconds are truncated, as TOML 1.0 allows.
public struct TOMLTime: Sendable, Equatable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    /// 0...60: RFC 3339 allows a leap second.
    public let second: Int
    public let nanosecond: Int

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    public var description: String {
        var text = Self.padded(hour, 2) + ":" + Self.padded(minute, 2) + ":" + Self.padded(second, 2)
        if nanosecond > 0 {
            var fraction = Self.padded(nanosecond, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
