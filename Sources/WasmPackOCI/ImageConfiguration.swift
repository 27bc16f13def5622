/// The image configuration: platform, run defaults and the layers' diff IDs.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md
public struct ImageConfiguration: Codable, Hashable, Sendable {
    /// RFC 3339 time; wasmpack sets it only from SOURCE_DATE_EPOCH so builds stay reproducible.
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var osVersion: String?
    public var osFeatures: [String]?
    public var variant: String?
    public var config: ContainerConfig?
    public var rootfs: RootFS
    public var history: [History]?

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os
        case osVersion = "os.version"
        case osFeatures = "os.features"
        case variant, config, rootfs, history
    }

    public init(platform: Platform, rootfs: RootFS, created: String? = nil, config: ContainerConfig? = nil) {
        self.created = created
        self.architecture = platform.architecture
        self.os = platform.os
        self.variant = platform.variant
        self.config = config
        self.rootfs = rootfs
    }

    public var platform: Platform { Platform(os: os, architecture: architecture, variant: variant) }

    /// The execution defaults of a container.
    public struct ContainerConfig: Codable, Hashable, Sendable {
        public var user: String?
        public var env: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var workingDir: String?
        public var labels: [String: String]?
        public var stopSignal: String?

        enum CodingKeys: String, CodingKey {
            case user = "User", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
            case workingDir = "WorkingDir", labels = "Labels", stopSignal = "StopSignal"
        }

        public init(labels: [String: String]? = nil) { self.labels = labels }
    }

    /// The layers of the root filesystem by the digests of their uncompressed tars.
    public struct RootFS: Codable, Hashable, Sendable {
        public var type: String
        public var diffIDs: [Digest]

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }

        public init(diffIDs: [Digest]) {
            self.type = "layers"
            self.diffIDs = diffIDs
        }
    }

    /// One step of the image's history.
    public struct History: Codable, Hashable, Sendable {
        public var created: String?
        public var createdBy: String?
        public var author: String?
        public var comment: String?
        public var emptyLayer: Bool?

        enum CodingKeys: String, CodingKey {
            case created, author, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }

        public init(created: String? = nil, createdBy: String? = nil, comment: String? = nil) {
            self.created = created
            self.createdBy = createdBy
            self.comment = comment
        }
    }
}
