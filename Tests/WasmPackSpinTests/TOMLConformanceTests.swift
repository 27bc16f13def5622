import Foundation
import Testing
import WasmPackSpin

/// toml-test, the TOML conformance suite, as Debian's golang-github-burntsushi-toml-dev ships it
/// (scripts/install-deps.sh --test installs it). Read from there at test time, never copied here.
@Suite("TOML conformance (toml-test)")
struct TOMLConformanceTests {
    static let suite = "/usr/share/gocode/src/github.com/BurntSushi/toml/internal/toml-test/tests"
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: suite + "/valid")
            || ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
    }

    /// Every `.toml` under `folder`, sorted, as paths relative to the suite.
    static func cases(_ folder: String) throws -> [String] {
        let root = suite + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: root])
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".toml") }.sorted().map { folder + "/" + $0 }
    }

    @Test(.enabled(if: isAvailable, "toml-test not installed: apt-get install golang-github-burntsushi-toml-dev"))
    func everyValidCaseDecodesToItsJSONValue() throws {
        let cases = try Self.cases("valid")
        #expect(cases.count >= 100)
        var failures: [String] = []
        for name in cases {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.suite + "/" + name)))
            let jsonPath = Self.suite + "/" + name.dropLast(".toml".count) + ".json"
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath)), options: [.fragmentsAllowed])
            do {
                let table = try TOMLReader.parse(bytes)
                if let mismatch = TaggedJSON.mismatch(.table(table), expected, at: "") {
                    failures.append("\(name): \(mismatch)")
                }
            } catch {
                failures.append("\(name): rejected: \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) valid cases failed:\n\(failures.joined(separator: "\n"))")
    }

    @Test(.enabled(if: isAvailable, "toml-test not installed: apt-get install golang-github-burntsushi-toml-dev"))
    func everyInvalidCaseIsRejectedWithOneLine() throws {
        let cases = try Self.cases("invalid")
        #expect(cases.count >= 200)
        var accepted: [String] = []
        for name in cases {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.suite + "/" + name)))
            do {
                _ = try TOMLReader.parse(bytes)
                accepted.append(name)
            } catch {
                #expect(!error.description.contains("\n") && !error.description.contains("\r"), "\(name): \(error)")
                #expect(error.line >= 1 && error.column >= 1, "\(name): \(error)")
            }
        }
        #expect(accepted.isEmpty, "\(accepted.count) of \(cases.count) invalid cases were accepted:\n\(accepted.joined(separator: "\n"))")
    }
}

/// toml-test's JSON form: `{"type": "integer", "value": "1"}` for scalars, arrays and objects as is.
/// Compared the way toml-test compares: floats by value (nan equals nan), dates by normalised value
/// (offset date-times as instants, fractions without trailing zeros).
enum TaggedJSON {
    static func mismatch(_ value: TOMLValue, _ json: Any, at path: String) -> String? {
        if let object = json as? [String: Any], object.count == 2, let type = object["type"] as? String,
           let text = object["value"] as? String {
            return scalarMismatch(value, type: type, text: text, at: path)
        }
        if let object = json as? [String: Any], object.count == 2, let type = object["type"] as? String, type == "array",
           let elements = object["value"] {
            return mismatch(value, elements, at: path)
        }
        if let elements = json as? [Any] {
            guard case .array(let array) = value else { return "\(path): expected an array, got \(value)" }
            guard array.count == elements.count else { return "\(path): expected \(elements.count) elements, got \(array.count)" }
            for (index, (element, expected)) in zip(array, elements).enumerated() {
                if let problem = mismatch(element, expected, at: "\(path)[\(index)]") { return problem }
            }
            return nil
        }
        if let object = json as? [String: Any] {
            guard case .table(let table) = value else { return "\(path): expected a table, got \(value)" }
            guard Set(table.keys) == Set(object.keys) else {
                return "\(path): expected keys \(object.keys.sorted()), got \(table.keys.sorted())"
            }
            for key in table.keys {
                if let problem = mismatch(table[key]!, object[key]!, at: path + "." + key) { return problem }
            }
            return nil
        }
        return "\(path): unexpected JSON \(json)"
    }

    static func scalarMismatch(_ value: TOMLValue, type: String, text: String, at path: String) -> String? {
        let matches: Bool
        switch (type, value) {
        case ("string", .string(let string)): matches = string == text
        case ("integer", .integer(let integer)): matches = Int64(text) == integer
        case ("bool", .boolean(let bool)): matches = String(bool) == text
        case ("float", .float(let double)):
            switch text {
            case "nan", "+nan", "-nan": matches = double.isNaN
            case "inf", "+inf": matches = double == .infinity
            case "-inf": matches = double == -.infinity
            default: matches = Double(text) == double
            }
        case ("datetime", .dateTime(let dateTime)) where dateTime.offsetMinutes != nil:
            matches = instant(text) == instant(dateTime.description)
        case ("datetime-local", .dateTime(let dateTime)) where dateTime.offsetMinutes == nil:
            matches = normalised(text) == normalised(dateTime.description)
        case ("date-local", .date(let date)): matches = date.description == text
        case ("time-local", .time(let time)): matches = normalised(text) == normalised(time.description)
        default: matches = false
        }
        return matches ? nil : "\(path): expected \(type) \(text), got \(value)"
    }

    /// Upper-case separators and a fraction without trailing zeros.
    static func normalised(_ text: String) -> String {
        var text = text.uppercased().replacingOccurrences(of: " ", with: "T")
        if let dot = text.firstIndex(of: ".") {
            let fractionEnd = text[dot...].dropFirst().firstIndex { !$0.isNumber } ?? text.endIndex
            var fraction = String(text[text.index(after: dot)..<fractionEnd])
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text = String(text[..<dot]) + (fraction.isEmpty ? "" : "." + fraction) + String(text[fractionEnd...])
        }
        return text
    }

    /// Seconds since 1970 (UTC) and the normalised fraction of an RFC 3339 date-time with offset.
    static func instant(_ text: String) -> String? {
        let text = normalised(text)
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 6 else { return nil }
        let (year, month, day, hour, minute, second) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])
        let hasFraction = text.contains(".")
        let fraction = hasFraction ? String(text[text.firstIndex(of: ".")!...].prefix { $0 == "." || $0.isNumber }) : ""
        var offset = 0
        if !text.hasSuffix("Z") {
            let tail = numbers.suffix(2)
            let sign = text.dropFirst(19).contains("-") ? -1 : 1
            offset = sign * (tail.first! * 60 + tail.last!)
        }
        // Days from civil (proleptic Gregorian), after H. Hinnant's well-known formula.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return "\(days * 86400 + hour * 3600 + minute * 60 + second - offset * 60)\(fraction)"
    }
}
