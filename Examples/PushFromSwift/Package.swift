// swift-tools-version: 6.0
import PackageDescription

// Builds a Spin app and pushes it with wasmpack's library products only, no CLI. A package of its
// own that depends on the project by path, as any Swift program would depend on wasmpack by URL.
let package = Package(
    name: "PushFromSwift",
    dependencies: [
        .package(name: "wasmpack", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "PushFromSwift",
            dependencies: [
                .product(name: "WasmPackBuild", package: "wasmpack"),
                .product(name: "WasmPackLayout", package: "wasmpack"),
                .product(name: "WasmPackOCI", package: "wasmpack"),
                .product(name: "WasmPackRegistry", package: "wasmpack"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
