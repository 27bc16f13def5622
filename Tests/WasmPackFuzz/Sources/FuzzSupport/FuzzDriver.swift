import CFuzzDriver

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts libFuzzer from a target's main.swift. SwiftPM links every executable target with
/// `main` aliased to the module's own entry point, which would shadow libFuzzer's `main`; so each
/// target has a main.swift that hands over to libFuzzer's driver with the command line.
public enum FuzzDriver {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    public static func run(_ testOneInput: TestOneInput) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }

    /// libFuzzer may pass a null pointer for the empty input; the targets take a non-null one.
    public static func withInput(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (UnsafePointer<UInt8>, Int) -> Int32) -> Int32 {
        if let data { return body(data, size) }
        var empty: UInt8 = 0
        return body(&empty, 0)
    }
}
