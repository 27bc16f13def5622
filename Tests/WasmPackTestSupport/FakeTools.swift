import Foundation

/// Stand-ins for the command-line tools a registry client shells out to for credentials, written
/// as small /bin/sh scripts into a test's folder (put that folder first on the client's PATH).
public enum FakeTools {
    /// Writes an executable `az` into `dir` (created if needed) and returns its path. It answers
    ///
    ///     az account get-access-token --resource https://containerregistry.azure.net   (or --scope …/.default)
    ///         [--query accessToken] [-o json|tsv] [--tenant T] [--subscription S]
    ///
    /// with `accessToken`: by default the JSON object `az` prints (`accessToken`, `expiresOn`
    /// "YYYY-MM-DD HH:MM:SS.000000" in local time an hour from now, `expires_on` epoch seconds,
    /// `subscription`, `tenant`, `tokenType` "Bearer"); `--query accessToken -o tsv` prints the
    /// bare token, `--query accessToken` alone prints it as a JSON string. Any other resource or
    /// command exits non-zero with an `ERROR:` line on stderr, as `az` does. Every invocation's
    /// arguments are appended to `<path>.log` (they hold no secrets).
    @discardableResult
    public static func writeAz(into dir: String, accessToken: String) throws -> String {
        let script = """
            #!/bin/sh
            # A fake Azure CLI written by WasmPackTestSupport.FakeTools.writeAz.
            printf '%s\\n' "$*" >> "$0.log"
            token=\(shellQuoted(accessToken))
            if [ "$1" != account ] || [ "$2" != get-access-token ]; then
              echo "ERROR: fake az only implements 'az account get-access-token'" >&2
              exit 2
            fi
            shift 2
            resource=https://management.core.windows.net/
            query=
            output=json
            while [ $# -gt 0 ]; do
              case "$1" in
                --resource) resource="$2"; shift 2 ;;
                --resource=*) resource="${1#*=}"; shift ;;
                --scope) resource="${2%/.default}"; shift 2 ;;
                --scope=*) resource="${1#*=}"; resource="${resource%/.default}"; shift ;;
                --query) query="$2"; shift 2 ;;
                --query=*) query="${1#*=}"; shift ;;
                -o|--output) output="$2"; shift 2 ;;
                --output=*) output="${1#*=}"; shift ;;
                --tenant|-t|--subscription|-s|--resource-type) shift 2 ;;
                --only-show-errors) shift ;;
                *) echo "ERROR: unrecognized arguments: $1" >&2; exit 2 ;;
              esac
            done
            case "$resource" in
              https://containerregistry.azure.net|https://containerregistry.azure.net/) ;;
              *) echo "ERROR: AADSTS500011: fake az has no token for resource '$resource'." >&2; exit 1 ;;
            esac
            expires_on=$(( $(date +%s) + 3599 ))
            expires=$(date -d "@$expires_on" '+%Y-%m-%d %H:%M:%S.000000')
            subscription=00000000-0000-0000-0000-0000000000aa
            tenant=00000000-0000-0000-0000-0000000000bb
            case "$query:$output" in
              accessToken:tsv) printf '%s\\n' "$token" ;;
              accessToken:json|accessToken:jsonc) printf '"%s"\\n' "$token" ;;
              :json|:jsonc) printf '{\\n  "accessToken": "%s",\\n  "expiresOn": "%s",\\n  "expires_on": %s,\\n  "subscription": "%s",\\n  "tenant": "%s",\\n  "tokenType": "Bearer"\\n}\\n' \\
                "$token" "$expires" "$expires_on" "$subscription" "$tenant" ;;
              :tsv) printf '%s\\t%s\\t%s\\t%s\\t%s\\tBearer\\n' "$token" "$expires" "$expires_on" "$subscription" "$tenant" ;;
              *) echo "ERROR: fake az does not support --query '$query' with --output '$output'" >&2; exit 1 ;;
            esac

            """
        return try writeExecutable(script, named: "az", into: dir)
    }

    /// Writes an executable `docker-credential-NAME` into `dir` (created if needed) and returns its
    /// path. It speaks the docker-credential-helpers protocol: `get` reads a server URL on stdin and
    /// prints `{"ServerURL":…,"Username":username,"Secret":secret}` for any URL; `store` (JSON on
    /// stdin, one line) and `erase` (a server URL) append "store {…}" / "erase URL" lines to
    /// `<path>.log`, which therefore holds what a client stored, secrets included; `list` prints `{}`.
    @discardableResult
    public static func writeCredentialHelper(into dir: String, name: String, username: String, secret: String) throws -> String {
        let script = """
            #!/bin/sh
            # A fake docker credential helper written by WasmPackTestSupport.FakeTools.writeCredentialHelper.
            username=\(shellQuoted(try jsonString(username)))
            secret=\(shellQuoted(try jsonString(secret)))
            case "$1" in
              get)
                IFS= read -r server || true
                server=$(printf '%s' "$server" | sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g')
                printf '{"ServerURL":"%s","Username":%s,"Secret":%s}\\n' "$server" "$username" "$secret"
                ;;
              store)
                printf 'store %s\\n' "$(tr '\\n' ' ')" >> "$0.log"
                ;;
              erase)
                IFS= read -r server || true
                printf 'erase %s\\n' "$server" >> "$0.log"
                ;;
              list)
                printf '{}\\n'
                ;;
              *)
                echo "unknown credential helper action: $1" >&2
                exit 1
                ;;
            esac

            """
        return try writeExecutable(script, named: "docker-credential-\(name)", into: dir)
    }

    /// The file a fake tool at `path` appends its log to.
    public static func logFile(of path: String) -> String {
        path + ".log"
    }

    private static func writeExecutable(_ script: String, named name: String, into dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: dir).appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }

    /// `value` as a /bin/sh word: single-quoted, with embedded single quotes spliced in.
    private static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// `value` as a JSON string literal, quotes included.
    private static func jsonString(_ value: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
