/// Azure Container Registry detection.
public enum ACRHost {
    /// The public and sovereign clouds' registry domains.
    public static let suffixes = [".azurecr.io", ".azurecr.cn", ".azurecr.us", ".azurecr.de"]
    /// The user name that means "the password is an ACR refresh token" (`az acr login --expose-token`).
    public static let refreshTokenUsername = "00000000-0000-0000-0000-000000000000"

    /// True for *.azurecr.io and the sovereign clouds, or when `--acr` / WASMPACK_ACR=1 says so.
    public static func isACR(_ host: String, forced: Bool = false) -> Bool {
        if forced { return true }
        var name = host.lowercased()
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") { name = String(name[..<colon]) }
        return suffixes.contains { name.hasSuffix($0) }
    }

    /// `myreg` for `myreg.azurecr.io`, for the `az acr login -n` hint.
    public static func registryName(_ host: String) -> String {
        String(host.split(separator: ".").first ?? Substring(host))
    }
}
