/// A date and time, with a UTC offset (an offset date-time) or without (a local date-time).
public struct TOMLDateTime: Sendable, Equatable, CustomStringConvertible {
    public let date: TOMLDate
    public let time: TOMLTime
    /// Minutes east of UTC; nil for a local date-time. `Z` and `+00:00` are both 0.
    public let offsetMinutes: Int?

    public init(date: TOMLDate, time: TOMLTime, offsetMinutes: Int?) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339 form, `Z` for a zero offset.
    public var description: String {
        var text = "\(date)T\(time)"
        if let offsetMinutes {
            if offsetMinutes == 0 {
                text += "Z"
            } else {
                let magnitude = abs(offsetMinutes)
                text += (offsetMinutes < 0 ? "-" : "+") + TOMLTime.padded(magnitude / 60, 2) + ":" + TOMLTime.padded(magnitude % 60, 2)
            }
        }
        return text
    }
}
