/// Why a string is not a valid image reference.
///
/// Every case carries the reference as the user wrote it, so the message can quote it.
public enum ReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// Nothing before the `:tag` or `@digest`, as in `:v1`.
    case missingRepository(String)
    case trailingSlash(String)
    /// Two slashes in a row, or a leading slash.
    case emptyPathComponent(String)
    case uppercaseRepository(String, repository: String)
    case invalidPathComponent(String, component: String)
    case invalidHost(String, host: String)
    case invalidIPv6Address(String, literal: String)
    case invalidPort(String, port: String)
    case invalidTag(String, tag: String)
    case invalidDigest(String, DigestError)
    case nameTooLong(String, length: Int)
    /// 64 hex characters alone are an image ID, which distribution refuses to read as a name.
    case ambiguousImageID(String)

    public var description: String {
        switch self {
        case .empty:
            return "invalid reference: it is empty; write it as [registry/]repository[:tag][@digest], e.g. 'ghcr.io/org/app:v1'"
        case .missingRepository(let reference):
            return "invalid reference '\(reference)': no repository name; write it as [registry/]repository[:tag][@digest]"
        case .trailingSlash(let reference):
            return "invalid reference '\(reference)': the name ends with '/'; remove it or add the repository name after it"
        case .emptyPathComponent(let reference):
            return "invalid reference '\(reference)': the name has an empty component (a leading '/' or '//'); use single slashes between components"
        case .uppercaseRepository(let reference, let repository):
            return "invalid reference '\(reference)': repository name must be lowercase; write '\(repository.lowercased())' instead of '\(repository)'"
        case .invalidPathComponent(let reference, let component):
            return "invalid reference '\(reference)': repository component '\(component)' may use only a-z and 0-9, joined by '.', '_', '__' or dashes, and must start and end with a letter or digit"
        case .invalidHost(let reference, let host):
            return "invalid reference '\(reference)': registry host '\(host)' must be dot-separated labels of letters, digits and inner '-', or an IPv6 address in brackets"
        case .invalidIPv6Address(let reference, let literal):
            return "invalid reference '\(reference)': '\(literal)' is not a valid IPv6 address; write it in brackets, e.g. '[::1]:5000'"
        case .invalidPort(let reference, let port):
            return "invalid reference '\(reference)': registry port '\(port)' must be a number from 1 to 65535"
        case .invalidTag(let reference, let tag):
            return "invalid reference '\(reference)': tag '\(tag)' must be 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'"
        case .invalidDigest(let reference, let error):
            return "invalid reference '\(reference)': \(error.description)"
        case .nameTooLong(let reference, let length):
            return "invalid reference '\(reference)': the name (registry/repository) is \(length) characters; the limit is \(Reference.maximumNameLength)"
        case .ambiguousImageID(let reference):
            return "invalid reference '\(reference)': 64 hex characters look like an image ID, not a name; write 'repository@sha256:\(reference)' to refer to content by digest"
        }
    }
}
