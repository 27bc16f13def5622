import Foundation
import Testing
import WasmPackOCI

@Suite("JSON encoding")
struct JSONEncodingTests {
    let moduleDigest = try! Digest(parsing: "sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476")
    let emptyConfigDigest = try! Digest(parsing: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")

    var wasmToOCIManifest: ImageManifest {
        ImageManifest(
            mediaType: nil,
            config: Descriptor(mediaType: .wasmConfigV1, digest: emptyConfigDigest, size: 2),
            layers: [Descriptor(
                mediaType: .wasmContentLayer, digest: moduleDigest, size: 8,
                annotations: [AnnotationKey.title: "hello.wasm"])]
        )
    }

    @Test func goStyleReproducesWasmToOCIManifestByteForByte() throws {
        let bytes = try JSONValueEncoder().bytes(wasmToOCIManifest, style: .go)
        let expected = #"{"schemaVersion":2,"config":{"mediaType":"application/vnd.wasm.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[{"mediaType":"application/vnd.wasm.content.layer.v1+wasm","digest":"sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476","size":8,"annotations":{"org.opencontainers.image.title":"hello.wasm"}}]}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(bytes.count == 396)
        #expect(SHA256Hasher.digest(of: bytes).encoded.hasPrefix("69ce54e6"))
    }

    @Test func canonicalStyleSortsKeysAndMatchesTheCNCFArtifactVector() throws {
        var manifest = ImageManifest(
            config: Descriptor(
                mediaType: .wasmConfigV0,
                digest: try Digest(parsing: "sha256:076cea0c5c71cf4b8737b94f2efaef4813815586b3d77c4109c043318399482a"),
                size: 192),
            layers: [Descriptor(mediaType: .wasm, digest: moduleDigest, size: 8, annotations: [AnnotationKey.title: "hello.wasm"])]
        )
        manifest.annotations = nil
        let text = String(decoding: try JSONValueEncoder().bytes(manifest), as: UTF8.self)
        #expect(text == #"{"config":{"digest":"sha256:076cea0c5c71cf4b8737b94f2efaef4813815586b3d77c4109c043318399482a","mediaType":"application/vnd.wasm.config.v0+json","size":192},"layers":[{"annotations":{"org.opencontainers.image.title":"hello.wasm"},"digest":"sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476","mediaType":"application/wasm","size":8}],"mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2}"#)
    }

    @Test func mapsAreSortedEvenInGoStyle() throws {
        let annotations = ["z": "1", "a": "2", "m": "3", "org.b": "4", "org.a": "5"]
        let text = String(decoding: try JSONValueEncoder().bytes(annotations, style: .go), as: UTF8.self)
        #expect(text == #"{"a":"2","m":"3","org.a":"5","org.b":"4","z":"1"}"#)
    }

    @Test func slashesAreNeverEscapedAndControlCharactersAre() throws {
        let text = String(decoding: try JSONValueEncoder().bytes(["k": "a/b\"c\\d\n\u{1}é<&>"]), as: UTF8.self)
        #expect(text == #"{"k":"a/b\"c\\d\n\u0001é<&>"}"#)
    }

    @Test func goStyleEscapesHTMLCharactersLikeEncodingJSON() throws {
        let text = String(decoding: try JSONValueEncoder().bytes(["k": "<a&b>"], style: .go), as: UTF8.self)
        #expect(text == #"{"k":"\u003ca\u0026b\u003e"}"#)
    }

    @Test func encodedManifestDecodesBackToTheSameValue() throws {
        let bytes = try JSONValueEncoder().bytes(wasmToOCIManifest)
        let decoded = try JSONDecoder().decode(ImageManifest.self, from: Data(bytes))
        #expect(decoded == wasmToOCIManifest)
    }

    @Test func imageConfigurationUsesSpecKeyNames() throws {
        let config = ImageConfiguration(
            platform: .wasiWasm, rootfs: .init(diffIDs: [moduleDigest]), created: "1970-01-01T00:00:00Z")
        let text = String(decoding: try JSONValueEncoder().bytes(config), as: UTF8.self)
        #expect(text == #"{"architecture":"wasm","created":"1970-01-01T00:00:00Z","os":"wasi","rootfs":{"diff_ids":["sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476"],"type":"layers"}}"#)
    }
}
