import FuzzSupport
import WasmPackRegistry

// WWW-Authenticate values come from whatever answers at the registry's address. The input is one
// header value per line, so several headers (as curl reports repeated ones) are fuzzed too.
// Properties: parsing never traps or hangs; every scheme is a non-empty lower-case token and every
// parameter name is lower case, as the lookups (`realm`, `service`, `scope`) assume.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzCheck.bytes(data, size), as: UTF8.self)
    let headers = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for challenge in AuthChallenge.parse(headers: headers) {
        FuzzCheck.require(!challenge.scheme.isEmpty, "empty scheme")
        FuzzCheck.require(challenge.scheme == challenge.scheme.lowercased(), "scheme '\(challenge.scheme)' is not lower case")
        for name in challenge.parameters.keys {
            FuzzCheck.require(name == name.lowercased(), "parameter '\(name)' is not lower case")
        }
        _ = challenge.realm
        _ = challenge.service
        _ = challenge.error
        for scope in challenge.scopes { _ = Scope(parsing: scope) }
    }
    return 0
}
