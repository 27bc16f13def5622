extension Double {
    /// The value with one decimal, rounded half away from zero ("2.5", "0.1"): what
    /// String(format: "%.1f") gave, without full Foundation. For delays and sizes in messages.
    public var oneDecimal: String {
        let tenths = Int64((self * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
