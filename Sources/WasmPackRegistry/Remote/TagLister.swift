#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI

/// Lists a repository's tags, page by page, in the order the registry gives them.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags
public struct TagLister: Sendable {
    public let client: RegistryClient
    public let repository: String
    /// Tags asked for per page (`?n=`); nil lets the registry choose. The registry may send fewer.
    public var pageSize: Int?
    /// Pages followed at most: a registry whose `Link` loops must not keep us forever.
    public var pageLimit = 10_000

    public init(client: RegistryClient, repository: String, pageSize: Int? = nil) {
        self.client = client
        self.repository = repository
        self.pageSize = pageSize
    }

    /// Every tag, following `Link: <…?n=…&last=…>; rel="next"` until a page has none.
    public func tags() throws(RegistryError) -> [String] {
        var url = "\(client.baseURL)/v2/\(repository)/tags/list" + (pageSize.map { "?n=\($0)" } ?? "")
        var tags: [String] = []
        var pages = 0
        while true {
            let request = HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("Accept", "application/json")])
            let response = try client.send(request, scopes: [.repository(repository, "pull")], idempotent: true)
            guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
            struct Page: Decodable { var tags: [String]? }
            let page: Page
            do { page = try JSONDecoder().decode(Page.self, from: Data(response.body)) } catch {
                throw .invalidResponse(request: "GET \(URLOrigin.redacted(url))", detail: "the tag list is not JSON of the form {\"tags\":[…]}")
            }
            tags += page.tags ?? []
            pages += 1
            guard let next = Self.nextPage(response.headers(named: "Link"), against: url) else { return tags }
            // Credentials go only to the registry's origin: a next page elsewhere is not followed.
            guard client.isRegistryOrigin(next) else {
                throw .invalidResponse(request: "GET \(URLOrigin.redacted(url))", detail: "the Link to the next page leaves the registry")
            }
            guard pages < pageLimit else {
                throw .invalidResponse(request: "GET \(URLOrigin.redacted(url))", detail: "more than \(pageLimit) pages of tags")
            }
            url = next
        }
    }

    /// The target of the `rel="next"` link among `Link` header values (RFC 8288), resolved
    /// against the URL of the page that carried it; distribution sends a path such as
    /// `</v2/app/tags/list?last=v3&n=2>; rel="next"`.
    static func nextPage(_ values: [String], against base: String) -> String? {
        for value in values {
            for link in value.split(separator: ",") {
                let parts = link.split(separator: ";").map { $0.trimmedWhitespace }
                guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
                let isNext = parts.dropFirst().contains { parameter in
                    let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmedWhitespace }
                    guard pair.count == 2, pair[0].lowercased() == "rel" else { return false }
                    let relations = pair[1].filter { $0 != "\"" }.lowercased()
                    return relations.split(separator: " ").contains("next")
                }
                if isNext { return URLOrigin.resolve(String(target.dropFirst().dropLast()), against: base) }
            }
        }
        return nil
    }
}
