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
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }
}

/// A platform string that is not `OS/ARCH[/VARIANT]`.
public struct PlatformError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String {
        "invalid platform '\(text)': expected OS/ARCH[/VARIANT], for example wasi/wasm, wasip1/wasm or linux/amd64"
    }
}
