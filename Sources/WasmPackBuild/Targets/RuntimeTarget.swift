import WasmPackOCI

/// A runtime an image is built for: what that runtime reads, so build, checks and Kubernetes
/// output can follow it without knowing target names.
///
/// Add a target by adding a value to `all`; code that needs a behaviour reads a field
/// (`layout`, `hostInterfaces`, `runtimeClass`, …), never `name`.
public struct RuntimeTarget: Sendable, Hashable {
    /// What `--target` takes, e.g. `spinkube`.
    public let name: String
    /// One line for `wasmpack targets`.
    public let summary: String
    /// The OCI content the runtime pulls.
    public let format: BuildFormat
    /// Other formats the runtime also pulls.
    public let otherFormats: [BuildFormat]
    /// Per format: for an accepted one, what to tell the user when building it; for a refused one,
    /// why the runtime cannot pull it.
    public let formatNotes: [BuildFormat: String]
    /// The platforms the runtime accepts; the first is what the image gets by default.
    public let platforms: [Platform]
    public let layout: ImageLayoutKind
    /// What the later import checks compare a wasm's imports with.
    public let hostInterfaces: HostInterfaceSet
    public let runtimeClass: RuntimeClass
    public let pod: PodConventions
    /// Whether the runtime starts what the image Entrypoint names (so `--entrypoint` means something).
    public let readsEntrypoint: Bool
    /// The SpinAppExecutor name when spin-operator (SpinKube) can run the image as a `SpinApp`;
    /// nil for runtimes only a plain Deployment reaches.
    public let spinAppExecutor: String?

    public var defaultPlatform: Platform { platforms[0] }

    public init(
        name: String, summary: String, format: BuildFormat, platforms: [Platform], layout: ImageLayoutKind,
        hostInterfaces: HostInterfaceSet, runtimeClass: RuntimeClass, pod: PodConventions, readsEntrypoint: Bool,
        otherFormats: [BuildFormat] = [], formatNotes: [BuildFormat: String] = [:], spinAppExecutor: String? = nil
    ) {
        self.spinAppExecutor = spinAppExecutor
        self.otherFormats = otherFormats
        self.formatNotes = formatNotes
        precondition(!platforms.isEmpty, "a target needs a platform")
        self.name = name
        self.summary = summary
        self.format = format
        self.platforms = platforms
        self.layout = layout
        self.hostInterfaces = hostInterfaces
        self.runtimeClass = runtimeClass
        self.pod = pod
        self.readsEntrypoint = readsEntrypoint
    }

    /// The target `build` and `push` use when `--target` is not given.
    public static let `default` = spinKube

    /// Every target, in the order `wasmpack targets` lists them.
    public static let all: [RuntimeTarget] = [spinKube, spinShimV2, aksWasiV1, slight, wws, lunatic]

    public static func named(_ name: String) -> RuntimeTarget? {
        all.first { $0.name == name }
    }
}

extension RuntimeTarget {
    // Spin's shim does not check `os`, only `architecture: wasm` (formats.md §4.3); wasip1/wasm is
    // what Spin's quickstart uses, so both are accepted.
    private static let spinPlatforms = [Platform.wasiWasm, Platform(os: "wasip1", architecture: "wasm")]
    // Spin's shims serve on 0.0.0.0:80; their example Deployments set `command: ["/"]` because a
    // scratch image has no ENTRYPOINT (runtimes.md §1.1, formats.md §4.1).
    private static let spinPod = PodConventions(command: ["/"], containerPort: 80, variablePrefix: "SPIN_VARIABLE_")

    /// containerd-shim-spin as SpinKube and AKS (2025+) run it. SpinKube v0.24 ships Spin 3.6.3
    /// (runtimes.md §2.1); its sample RuntimeClass is `wasmtime-spin-v2` → handler `spin` (§3.2).
    public static let spinKube = RuntimeTarget(
        name: "spinkube",
        summary: "containerd-shim-spin (SpinKube, AKS 2025+), Spin 3.x: /spin.toml, files at manifest-relative paths",
        format: .image, platforms: spinPlatforms, layout: .spinApp(manifest: .asWritten),
        hostInterfaces: HostInterfaceSet(id: "spin-3", spinVersion: "3.6.3"),
        // No node labels: SpinKube's runtime-class-manager installs the shim where it is asked to,
        // and AKS now runs it that way instead of through WASI node pools (runtimes.md §3.2, §4).
        runtimeClass: RuntimeClass(name: "wasmtime-spin-v2", handler: "spin"),
        pod: spinPod, readsEntrypoint: false, otherFormats: [.spin],
        // spin-operator's sample executor (config/samples/spin-shim-executor.yaml, runtimes.md §3.4).
        spinAppExecutor: "containerd-shim-spin")

    /// deislabs containerd-wasm-shims v0.9.3–v0.11 (`wasmtime-spin-v2`). The oldest Spin in that
    /// range (2.0.1 in shim v0.10; runtimes.md §2.1) is what the checks hold an app to, so an app
    /// that passes runs on every shim of the range.
    public static let spinShimV2 = RuntimeTarget(
        name: "spin-shim-v2",
        summary: "deislabs containerd-wasm-shims 0.9.3-0.11 (wasmtime-spin-v2, CAPZ, late AKS WASI), Spin 2.0-2.2",
        format: .image, platforms: spinPlatforms, layout: .spinApp(manifest: .asWritten),
        hostInterfaces: HostInterfaceSet(id: "spin-2.0", spinVersion: "2.0.1"),
        runtimeClass: RuntimeClass(
            name: "wasmtime-spin-v2", handler: "spin",
            nodeLabels: [
                .aks: ["kubernetes.azure.com/wasmtime-spin-v2": "true"],
                .capz: ["cluster.x-k8s.io/wasmtime-spin-v2": "true"],
            ]),
        pod: spinPod, readsEntrypoint: false, otherFormats: [.spin],
        // The shim pulls Spin artifacts since v0.10.0 (formats.md §4.1); containerd unpacks their
        // non-tar layers only from 1.6.25/1.7.7 (runwasi docs, deislabs/containerd-wasm-shims#191).
        formatNotes: [.spin: "spin-shim-v2 runs --format spin artifacts from shim v0.10.0 on, and only on nodes with containerd 1.6.25+, 1.7.7+ or 2.0+ (older ones fail with 'mismatched image rootfs and manifest layers')"])

    /// The original AKS WASI node pool shim (deislabs v0.3.0 → Spin 0.4.0), which only reads
    /// `spin_version = "1"` (runtimes.md §1.5, §1.6; spinframework/spin#1638). Older AKS guides
    /// built these images for linux/amd64, which that shim also ran.
    public static let aksWasiV1 = RuntimeTarget(
        name: "aks-wasi-v1",
        summary: "original AKS WASI node pools (wasmtime-spin-v1), Spin 0.4: /spin.toml written with spin_version = \"1\"",
        format: .image, platforms: spinPlatforms + [Platform(os: "linux", architecture: "amd64")],
        layout: .spinApp(manifest: .spinVersion1),
        hostInterfaces: HostInterfaceSet(id: "spin-0.4", spinVersion: "0.4.0"),
        runtimeClass: RuntimeClass(
            name: "wasmtime-spin-v1", handler: "spin",
            nodeLabels: [
                .aks: ["kubernetes.azure.com/wasmtime-spin-v1": "true"],
                .capz: ["cluster.x-k8s.io/wasmtime-spin-v1": "true"],
            ]),
        pod: spinPod, readsEntrypoint: false,
        formatNotes: [.spin: "its shim (Spin 0.4) only reads /spin.toml from an image; Spin's registry format came with Spin 2.0 and shim v0.10"])

    /// containerd-shim-slight-v1 (Slight 0.5.1 in shims v0.11.1): fixed /app.wasm and
    /// /slightfile.toml, Entrypoint ignored, port 3000 (runtimes.md §1.2, §1.1).
    public static let slight = RuntimeTarget(
        name: "slight",
        summary: "containerd-shim-slight-v1 (SpiderLightning 0.5): /app.wasm + /slightfile.toml",
        format: .image, platforms: [.wasiWasm], layout: .slight,
        hostInterfaces: HostInterfaceSet(id: "slight-0.5"),
        runtimeClass: RuntimeClass(
            name: "wasmtime-slight-v1", handler: "slight",
            nodeLabels: [
                .aks: ["kubernetes.azure.com/wasmtime-slight-v1": "true"],
                .capz: ["cluster.x-k8s.io/wasmtime-slight-v1": "true"],
            ]),
        pod: PodConventions(command: ["/"], containerPort: 3000), readsEntrypoint: false)

    /// containerd-shim-wws-v1 (wws 1.7.0): routes from the file tree at /, /.wws.toml, Entrypoint
    /// ignored, port 3000 (runtimes.md §1.3).
    public static let wws = RuntimeTarget(
        name: "wws",
        summary: "containerd-shim-wws-v1 (Wasm Workers Server 1.7): worker tree at /, /.wws.toml, public/ kept",
        format: .image, platforms: [.wasiWasm], layout: .workerTree,
        hostInterfaces: HostInterfaceSet(id: "wws-1.7"),
        runtimeClass: RuntimeClass(
            name: "wasmtime-wws-v1", handler: "wws",
            nodeLabels: [.capz: ["cluster.x-k8s.io/wasmtime-wws-v1": "true"]]),
        pod: PodConventions(command: ["/"], containerPort: 3000), readsEntrypoint: false)

    /// containerd-shim-lunatic-v1 (Lunatic 0.13.2): runs the module the Entrypoint names, so the
    /// pod must not set `command` (runtimes.md §1.4).
    public static let lunatic = RuntimeTarget(
        name: "lunatic",
        summary: "containerd-shim-lunatic-v1 (Lunatic 0.13): the module at /, mode 0755, named by the image Entrypoint",
        format: .image, platforms: [.wasiWasm], layout: .entrypointModule,
        hostInterfaces: HostInterfaceSet(id: "lunatic-0.13"),
        runtimeClass: RuntimeClass(
            name: "wasmtime-lunatic-v1", handler: "lunatic",
            nodeLabels: [.capz: ["cluster.x-k8s.io/wasmtime-lunatic-v1": "true"]]),
        pod: PodConventions(command: nil, containerPort: 3000), readsEntrypoint: true)
}
