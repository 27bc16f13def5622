// swift-tools-version: 6.0
import PackageDescription

// Layering (lower never imports upper):
//   WasmPackPlatform the C library (Glibc / Musl / Darwin) behind one module: system calls, spawn
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
    // Linux needs no minimum; on macOS, Synchronization (Atomic, Mutex) needs macOS 15.
    platforms: [.macOS(.v15)],
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
        // Tests only: they parse `wasmpack kube` output with Yams. The executable writes YAML with
        // libyaml directly (CYAML), since Yams imports full Foundation and would bring ICU back.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),

        // The only module that names the C library; no Foundation.
        .target(name: "WasmPackPlatform"),
        .target(name: "WasmPackOCI", dependencies: ["CCrypto"]),
        .target(name: "WasmPackLayout", dependencies: ["WasmPackOCI", "WasmPackPlatform"]),
        .target(name: "WasmPackArchive", dependencies: ["WasmPackOCI", "WasmPackPlatform", "CArchive", "CZlib"]),
        .target(name: "WasmPackSpin", dependencies: ["WasmPackPlatform"]),
        // No dependencies, no Foundation: bytes in, value types out.
        .target(name: "WasmPackWasm"),
        .target(name: "WasmPackBuild", dependencies: ["WasmPackOCI", "WasmPackLayout", "WasmPackArchive", "WasmPackSpin", "WasmPackWasm", "WasmPackPlatform"]),
        .target(name: "WasmPackRegistry", dependencies: ["WasmPackOCI", "WasmPackLayout", "WasmPackArchive", "WasmPackPlatform", "CCurl"]),
        // Never talks to a registry or prints: (pinned reference, target, options) in, YAML out.
        .target(name: "WasmPackKube", dependencies: ["WasmPackOCI", "WasmPackSpin", "WasmPackBuild", "CYAML"]),
        .executableTarget(
            name: "wasmpack",
            dependencies: [
                "WasmPackBuild", "WasmPackRegistry", "WasmPackKube", "WasmPackPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "WasmPackPlatformTests", dependencies: ["WasmPackPlatform"]),
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
