import Foundation
import Testing

/// Issue 11's lean binary and portable system calls, kept from regressing: only WasmPackPlatform
/// names the C library, no source imports full Foundation (which brings ICU's tables, tens of MB,
/// back into the binary), and the built executable links none of full Foundation's libraries.
@Suite struct LeanBinaryTests {
    static var sources: URL { CommandLineTests.packageRoot.appendingPathComponent("Sources") }

    /// Every Swift file under Sources/, relative path and text.
    static func sourceFiles() throws -> [(path: String, text: String)] {
        let root = sources.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [(String, String)] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            files.append((relative, try String(contentsOfFile: root + "/" + relative, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func onlyThePlatformModuleNamesTheCLibrary() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 50)
        let pattern = try NSRegularExpression(pattern: #"^\s*(@_exported\s+)?import\s+(Glibc|Musl|Darwin)\b|\b(Glibc|Musl|Darwin)\.[A-Za-z_]"#, options: [.anchorsMatchLines])
        var offenders: [String] = []
        for (path, text) in files where !path.hasPrefix("WasmPackPlatform/") {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let string = String(line)
                if pattern.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil { offenders.append("\(path): \(string)") }
            }
        }
        #expect(offenders.isEmpty, "name the C library only in Sources/WasmPackPlatform; import WasmPackPlatform instead:\n\(offenders.joined(separator: "\n"))")
    }

    /// `import Foundation` is allowed only as the fallback of a `canImport(FoundationEssentials)` guard.
    @Test func noSourceImportsFullFoundation() throws {
        var offenders: [String] = []
        for (path, text) in try Self.sourceFiles() {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            for (index, line) in lines.enumerated() {
                let importsFoundation = line.range(of: #"^(@preconcurrency\s+)?import\s+(\w+\s+)?(Foundation|FoundationInternationalization|FoundationNetworking|FoundationXML)(\.|$|\s)"#, options: .regularExpression) != nil
                guard importsFoundation else { continue }
                let guarded = index >= 3 && lines[index - 1] == "#else" && lines[index - 2].hasPrefix("import") && lines[index - 2].contains("FoundationEssentials")
                    && lines[index - 3] == "#if canImport(FoundationEssentials)"
                if !guarded || line.contains("Internationalization") || line.contains("Networking") || line.contains("XML") {
                    offenders.append("\(path):\(index + 1): \(line)")
                }
            }
        }
        #expect(offenders.isEmpty, "import FoundationEssentials (guarded by #if canImport(FoundationEssentials), else Foundation):\n\(offenders.joined(separator: "\n"))")
    }

    @Test func theExecutableLinksNoFullFoundationOrICU() throws {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [Wasmpack.executable]
        let output = Pipe()
        ldd.standardOutput = output
        try ldd.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0)
        #expect(text.contains("libc.so"))
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so", "libFoundationXML.so"] {
            #expect(!text.contains(library), "\(Wasmpack.executable) links \(library)")
        }
    }
}
