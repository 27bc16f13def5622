/// One TOML 1.0 value, as the document wrote it.
// https://toml.io/en/v1.0.0 : every value kind the spec defines. Dates keep their own kinds
// because TOML distinguishes offset, local date-time, local date and local time.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// An offset date-time (`offset` set) or a local date-time (`offset` nil).
    case dateTime(TOMLDateTime)
    case date(TOMLDate)
    case time(TOMLTime)
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var array: [TOMLValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var table: TOMLTable? {
        if case .table(let value) = self { return value }
        return nil
    }

    /// `a string`, `an integer`, …: how messages name the kind of a value.
    public var kindDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .dateTime(let value): return value.offsetMinutes == nil ? "a local date-time" : "an offset date-time"
        case .date: return "a local date"
        case .time: return "a local time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}
