#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI

/// A locked app's reference to some bytes (Spin's `ContentRef`): the digest always, and the bytes
/// themselves when there are at most 128 of them (Spin's `CONTENT_REF_INLINE_MAX_SIZE`).
// formats.md §2.3 step 3, §2.4.
struct SpinContentRef: Equatable {
    static let inlineLimit = 128

    var inline: [UInt8]?
    var digest: Digest

    /// The JSON members in Spin's order: `inline` (base64, standard alphabet, no padding), `digest`.
    var members: [JSONMember] {
        var members: [JSONMember] = []
        if let inline {
            var text = Data(inline).base64EncodedString()
            while text.hasSuffix("=") { text.removeLast() }
            members.append(JSONMember(key: "inline", value: .string(text)))
        }
        members.append(JSONMember(key: "digest", value: .string(digest.description)))
        return members
    }
}
