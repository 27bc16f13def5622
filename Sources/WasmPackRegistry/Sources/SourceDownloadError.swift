import WasmPackOCI

/// Why a `{ url, digest }` component source could not be fetched.
public enum SourceDownloadError: Error, Sendable, CustomStringConvertible {
    case unsupportedURL(url: String)
    case status(url: String, status: Int)
    case tooManyRedirects(url: String)
    case tooLarge(url: String, limit: Int64)
    case digestMismatch(url: String, expected: Digest, actual: Digest)
    case transport(TransportError)
    case cache(path: String, detail: String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url):
            return "cannot download '\(TransportError.displayURL(url))': only http and https sources are supported; download the file and set source to its path"
        case .status(let url, let status):
            return "downloading '\(TransportError.displayURL(url))' failed with HTTP \(status); check the url in spin.toml"
        case .tooManyRedirects(let url):
            return "downloading '\(TransportError.displayURL(url))': more than 10 redirects; check the url in spin.toml"
        case .tooLarge(let url, let limit):
            return "downloading '\(TransportError.displayURL(url))': larger than \(limit >> 20) MiB, more than a component can be; check the url in spin.toml"
        case .digestMismatch(let url, let expected, let actual):
            return "'\(TransportError.displayURL(url))' has digest \(actual), not the \(expected) spin.toml names; fix the digest or the url"
        case .transport(let error):
            return error.description
        case .cache(let path, let detail):
            return "cannot write the download cache '\(path)': \(detail); set XDG_CACHE_HOME to a writable folder"
        }
    }
}
