// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for wasmpack's parsers of untrusted input. A package of its own so that the
// root package's `swift build --build-tests` never builds them: a fuzz target has no `main`
// (libFuzzer supplies it), so it only links with `-sanitize=fuzzer`. Build and run with
// scripts/fuzz.sh (fuzzing) or scripts/fuzz.sh --replay (the committed corpora only, as the
// test suite does).
let package = Package(
    name: "wasmpack-fuzz",
    dependencies: [
        .package(name: "wasmpack", path: "../.."),
    ],
    targets: [
        // libFuzzer's driver, declared for the main.swift of each target (see FuzzDriver).
        .systemLibrary(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        // The layer target gzips the tar it assembles; the root package's CZlib is not a product.
        .systemLibrary(name: "CFuzzZlib", pkgConfig: "zlib"),
        .target(name: "FuzzLayerInput", dependencies: ["CFuzzZlib"]),
        .executableTarget(
            name: "FuzzTOML",
            dependencies: ["FuzzSupport", .product(name: "WasmPackSpin", package: "wasmpack")]),
        .executableTarget(
            name: "FuzzReference",
            dependencies: ["FuzzSupport", .product(name: "WasmPackOCI", package: "wasmpack")]),
        .executableTarget(
            name: "FuzzAuthChallenge",
            dependencies: ["FuzzSupport", .product(name: "WasmPackRegistry", package: "wasmpack")]),
        .executableTarget(
            name: "FuzzManifestJSON",
            dependencies: ["FuzzSupport", .product(name: "WasmPackOCI", package: "wasmpack")]),
        .executableTarget(
            name: "FuzzWasmReader",
            dependencies: ["FuzzSupport", .product(name: "WasmPackWasm", package: "wasmpack")]),
        .executableTarget(
            name: "FuzzLayerExtract",
            dependencies: ["FuzzSupport", "FuzzLayerInput", .product(name: "WasmPackArchive", package: "wasmpack")]),
    ],
    swiftLanguageModes: [.v6]
)
