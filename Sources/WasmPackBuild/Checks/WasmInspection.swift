import WasmPackPlatform
import WasmPackWasm

/// A wasm file read for the checks and `inspect`: what it is, and which targets run it.
public struct WasmInspection: Sendable {
    public let path: String
    public let summary: WasmSummary

    /// Reads `path` streaming (flat memory whatever its size).
    public init(path: String) throws(WasmInspectionError) {
        let source: WasmFileSource
        do { source = try WasmFileSource(path: path) } catch {
            switch error {
            case .cannotOpen(let code): throw .cannotOpen(path: path, errno: code)
            case .notARegularFile(let kind): throw .notARegularFile(path: path, kind: kind)
            }
        }
        do {
            summary = WasmSummary(try WasmBinary(reading: source))
        } catch {
            throw .unreadable(path: path, error)
        }
        self.path = path
    }

    /// What `target`'s runtime lacks for this binary; empty when it would run it.
    public func problems(on target: RuntimeTarget) -> [WasmProblem] {
        WasmProblem.problems(of: summary, on: HostInterfaces.for(target.hostInterfaces))
    }

    /// The targets (in `RuntimeTarget.all` order) whose runtime would run this binary.
    public var runnableTargets: [RuntimeTarget] {
        RuntimeTarget.all.filter { problems(on: $0).isEmpty }
    }
}

/// Why a file could not be inspected; `description` is one line naming it.
public enum WasmInspectionError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case notARegularFile(path: String, kind: String)
    case unreadable(path: String, WasmReadError)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code): return "cannot open '\(path)': \(String(cString: strerror(code)))"
        case .notARegularFile(let path, let kind): return "'\(path)' is a \(kind), not a regular file; pass the .wasm file itself"
        case .unreadable(let path, let error): return "'\(path)': \(error.description)"
        }
    }

    /// One short reason, for check messages that already name the file.
    var reason: String {
        switch self {
        case .cannotOpen(_, let code): return String(cString: strerror(code))
        case .notARegularFile(_, let kind): return "it is a \(kind)"
        case .unreadable(_, .notWasm(let prefix)):
            let hex = prefix.prefix(4).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
            return prefix.isEmpty ? "it is empty" : "it starts with \(hex), not \\0asm"
        case .unreadable(_, let error): return error.description
        }
    }
}
