/// The platform an image runs on.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions
public struct Platform: Codable, Hashable, Sendable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    public var osVersion: String?
    public var osFeatures: [String]?
    public var variant: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os
        case osVersion = "os.version"
        case osFeatures = "os.features"
        case variant
    }

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// What the containerd Spin shim and `docker buildx --platform wasi/wasm` use.
    public static let wasiWasm = Platform(os: "wasi", architecture: "wasm")

    /// Parses `OS/ARCH[/VARIANT]`, e.g. `wasi/wasm`, `wasip1/wasm`, `linux/amd64`.
    public init(parsing text: String) throws(PlatformError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw PlatformError(text: text)
        }
        // Runtimes compare platform names byte for byte (containerd lower-cases what it is given,
        // not what it reads from an index), so WASI/WASM would never match: say so instead.
        guard !text.contains(where: \.isUppercase) else { throw PlatformError(text: text, reason: .upperCase) }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }

    /// The operating systems a runtime is known to name: Go's GOOS values (what containerd and
    /// the registries' tooling use) and the WASI names of the wasm runtimes.
    public static let knownOperatingSystems: Set<String> = [
        "wasi", "wasip1", "wasip2", "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly",
        "solaris", "illumos", "aix", "plan9", "android", "ios", "js",
    ]
    /// Go's GOARCH values, wasm among them.
    public static let knownArchitectures: Set<String> = [
        "wasm", "amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x", "riscv64", "loong64", "mips", "mipsle",
        "mips64", "mips64le",
    ]

    /// The part of this platform no runtime is known to use ("wasm32" as an OS, "wasi" as an
    /// architecture, a typo), or nil when both are known. Not an error: a new runtime may use a new name.
    public var unknownName: String? {
        if !Self.knownOperatingSystems.contains(os) { return "OS '\(os)'" }
        if !Self.knownArchitectures.contains(architecture) { return "architecture '\(architecture)'" }
        return nil
    }
}

/// A platform string that is not `OS/ARCH[/VARIANT]`.
public struct PlatformError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// Not `OS/ARCH[/VARIANT]`.
        case shape
        /// Upper-case letters: platform names are lower case.
        case upperCase
    }

    public let text: String
    public let reason: Reason

    public init(text: String, reason: Reason = .shape) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .shape:
            return "invalid platform '\(text)': expected OS/ARCH[/VARIANT], for example wasi/wasm, wasip1/wasm or linux/amd64"
        case .upperCase:
            return "invalid platform '\(text)': platform names are lower case; use '\(text.lowercased())'"
        }
    }
}
