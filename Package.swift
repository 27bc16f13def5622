// swift-tools-version: 6.0
import PackageDescription

// Layering (lower never imports upper):
//   WasmPackOCI      pure OCI value types, digests, references, JSON
//   WasmPackWasm     pure wasm binary reader: module/component, imports, exports, interface names
//   WasmPackLayout   OCI image layout on disk (atomic writes, verification)
//   WasmPackArchive  deterministic tar (libarchive) + gzip (zlib), hashed while streaming
//   WasmPackSpin     spin.toml v1/v2 reader and the app's file list
//   WasmPackBuild    formats (scratch image, wasm-to-oci) turning an app into layout content
//   WasmPackKube     Kubernetes objects (RuntimeClass, Deployment, Service, SpinApp) for a pinned image, as YAML
//   wasmpack         the thin CLI
let package = Package(
    name: "wasmpack",
    products: [
        .executable(name: "wasmpack", targets: ["wasmpack"]),
        .library(name: "WasmPackBuild", targets: ["WasmPackBuild"]),
        .library(name: "WasmPackWasm", targets: ["WasmPackWasm"]),
        // For the fuzz targets in Tests/WasmPackFuzz, a package of their own that depends on this one.
        .library(name: "WasmPackOCI", targets: ["WasmPackOCI"]),
        .library(name: "WasmPackArchive", targets: ["WasmPackArchive"]),
        .library(name: "WasmPackSpin", targets: ["WasmPackSpin"]),
        .library(name: "WasmPackRegistry", targets: ["WasmPackRegistry"]),
        // Pusher and Puller read and write an OCILayout, so a program that pushes needs it too.
        .library(name: "WasmPackLayout", targets: ["WasmPackLayout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML text for `wasmpack kube`; used in one file only (KubernetesYAML.swift) so it can be swapped.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "WasmPackOCI", dependencies: ["CCrypto"]),
        .target(name: "WasmPackLayout", dependencies: ["WasmPackOCI"]),
        .target(name: "WasmPackArchive", dependencies: ["WasmPackOCI", "CArchive", "CZlib"]),
        .target(name: "WasmPackSpin"),
        // No dependencies, no Foundation: bytes in, value types out.
        .target(name: "WasmPackWasm"),
        .target(name: "WasmPackBuild", dependencies: ["WasmPackOCI", "WasmPackLayout", "WasmPackArchive", "WasmPackSpin", "WasmPackWasm"]),
        .target(name: "WasmPackRegistry", dependencies: ["WasmPackOCI", "WasmPackLayout", "WasmPackArchive", "CCurl"]),
        // Never talks to a registry or prints: (pinned reference, target, options) in, YAML out.
        .target(name: "WasmPackKube", dependencies: ["WasmPackOCI", "WasmPackSpin", "WasmPackBuild", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "wasmpack",
            dependencies: [
                "WasmPackBuild", "WasmPackRegistry", "WasmPackKube",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "WasmPackOCITests", dependencies: ["WasmPackOCI"]),
        .testTarget(name: "WasmPackLayoutTests", dependencies: ["WasmPackLayout", "WasmPackTestSupport"]),
        .testTarget(name: "WasmPackArchiveTests", dependencies: ["WasmPackArchive", "WasmPackTestSupport"]),
        .testTarget(name: "WasmPackSpinTests", dependencies: ["WasmPackSpin"]),
        .testTarget(name: "WasmPackWasmTests", dependencies: ["WasmPackWasm", "WasmPackTestSupport"]),
        .testTarget(name: "WasmPackBuildTests", dependencies: ["WasmPackBuild", "WasmPackWasm", "WasmPackTestSupport"]),
        .testTarget(
            name: "WasmPackKubeTests",
            dependencies: ["WasmPackKube", "WasmPackBuild", "WasmPackSpin", "WasmPackTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "WasmPackRegistryTests", dependencies: ["WasmPackRegistry", "WasmPackTestSupport"]),
        // Runs the built executable; `swift build --build-tests` builds it first.
        .testTarget(name: "WasmpackCLITests", dependencies: ["WasmPackTestSupport"]),
        // Push and pull against real registries started by WasmPackTestSupport.
        .testTarget(
            name: "WasmPackTransferTests",
            dependencies: ["WasmPackRegistry", "WasmPackBuild", "WasmPackLayout", "WasmPackTestSupport"]),
        // Real registries (docker-registry), a token service and a fault proxy on loopback for the
        // registry tests; the Python services in Services/ are found beside the sources.
        // Yams: KubernetesShapes parses `wasmpack kube` output for the Kubernetes shape checks.
        .target(
            name: "WasmPackTestSupport", dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Tests/WasmPackTestSupport", resources: [.copy("Services")]),
        .testTarget(name: "WasmPackTestSupportTests", dependencies: ["WasmPackTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
