import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack --version`, the completion scripts and man page generated from the argument parser, and
/// scripts/package.sh's release archive and .deb.
///
/// The package tests run package.sh's fast variant (`--binaries` with the debug build beside the test
/// bundle, no release build); `bash scripts/package.sh` on a clean checkout is the full one. The man
/// page needs swift-argument-parser's generate-manual, which scripts/test.sh builds.
@Suite("wasmpack --version, completions, man page and release packages")
struct PackagingTests {
    let cli = Wasmpack()

    static let root = CommandLineTests.packageRoot.path
    static var binaries: String { URL(fileURLWithPath: Wasmpack.executable).deletingLastPathComponent().path }

    @Test func versionNamesTheCommitAndTheLibrariesLoaded() throws {
        let run = try cli.run(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 6, "\(run.stdout)")
        #expect(lines[0].wholeMatch(of: #/wasmpack [0-9]+\.[0-9]+\.[0-9]+/#) != nil, "\(lines[0])")
        #expect(lines[1] == "commit unknown" || lines[1].wholeMatch(of: #/commit [0-9a-f]{40}/#) != nil, "\(lines[1])")
        // Each library as the system reports it: Debian ships headers and library from one source package.
        let libraries = [("libcurl", "libcurl"), ("OpenSSL", "openssl"), ("libarchive", "libarchive"), ("zlib", "zlib")]
        for ((name, module), line) in zip(libraries, lines.dropFirst(2)) {
            let version = try ExternalCommand.run("/usr/bin/pkg-config", ["--modversion", module])
            try #require(version.status == 0, "\(version.errorOutput)")
            #expect(line == "\(name) \(version.text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptCoversEveryCommand(shell: String) throws {
        let run = try cli.run(["--generate-completion-script", shell])
        #expect(run.status == 0, "\(run.stderr)")
        for command in ["build", "push", "pull", "inspect", "kube", "targets", "login", "logout", "tags", "digest", "copy", "tag", "delete"] {
            #expect(run.stdout.contains(command), "no \(command) in the \(shell) script")
        }
    }

    @Test func bashAcceptsTheBashCompletionAndRegistersIt() throws {
        let run = try cli.run(["--generate-completion-script", "bash"])
        #expect(run.status == 0, "\(run.stderr)")
        let script = try cli.temporaryDirectory() + "/wasmpack.bash"
        try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: script))
        let syntax = try ExternalCommand.run("/bin/bash", ["-n", script])
        #expect(syntax.status == 0, "\(syntax.errorOutput)")
        let loaded = try ExternalCommand.run("/bin/bash", ["-c", "source \"$1\" && complete -p wasmpack", "bash", script])
        #expect(loaded.status == 0, "\(loaded.errorOutput)")
        #expect(loaded.text.contains(" -F _wasmpack wasmpack"), "\(loaded.text)")
    }

    /// zsh and fish read their scripts without running them (`zsh -n`, `fish --no-execute`).
    @Test(arguments: [("zsh", "/usr/bin/zsh", ["-n"]), ("fish", "/usr/bin/fish", ["--no-execute"])])
    func zshAndFishAcceptTheirCompletionScripts(shell: String, executable: String, check: [String]) throws {
        let run = try cli.run(["--generate-completion-script", shell])
        #expect(run.status == 0, "\(run.stderr)")
        let script = try cli.temporaryDirectory() + "/wasmpack.\(shell)"
        try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: script))
        let syntax = try ExternalCommand.run(executable, check + [script])
        #expect(syntax.status == 0, "\(shell): \(syntax.errorOutput)")
    }

    @Test func manPageRendersWithoutWarnings() throws {
        let generateManual = Self.binaries + "/generate-manual"
        try #require(FileManager.default.isExecutableFile(atPath: generateManual),
                     "no \(generateManual): run swift build --product generate-manual (scripts/test.sh does)")
        let share = try cli.temporaryDirectory()
        let written = try ExternalCommand.run(
            "/bin/bash", [Self.root + "/scripts/share-files.sh", Wasmpack.executable, generateManual, share])
        #expect(written.status == 0, "\(written.errorOutput)")
        let page = share + "/share/man/man1/wasmpack.1"
        let rendered = try ExternalCommand.run("/usr/bin/man", ["--warnings", "-l", page])
        #expect(rendered.status == 0)
        #expect(rendered.errorOutput.isEmpty, "\(rendered.errorOutput)")
        #expect(rendered.text.contains("WASMPACK(1)"))
        for command in ["build", "push", "pull", "inspect", "kube", "targets", "login", "logout", "tags", "digest", "copy", "tag", "delete"] {
            #expect(rendered.text.contains("\n     \(command)"), "no \(command) in the page")
        }
        for file in ["bash-completion/completions/wasmpack", "zsh/site-functions/_wasmpack",
                     "fish/vendor_completions.d/wasmpack.fish"] {
            #expect(FileManager.default.fileExists(atPath: share + "/share/" + file), "no \(file)")
        }
    }

    @Test func packagingTwiceGivesByteIdenticalArchiveAndDeb() throws {
        let first = try package()
        let second = try package()
        let sums = try String(contentsOfFile: first + "/SHA256SUMS", encoding: .utf8)
        #expect(sums == (try String(contentsOfFile: second + "/SHA256SUMS", encoding: .utf8)))
        let names = sums.split(separator: "\n").map { String($0.split(separator: " ").last ?? "") }
        #expect(names.count == 2 && names[0].hasSuffix(".tar.gz") && names[1].hasSuffix(".deb"), "\(sums)")
        for name in names {
            let one = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            #expect(one == (try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))), "\(name) differs")
        }
        let check = try ExternalCommand.run("/bin/bash", ["-c", "cd \"$1\" && sha256sum -c SHA256SUMS", "bash", first])
        #expect(check.status == 0, "\(check.text)\(check.errorOutput)")
    }

    @Test func archiveHoldsOneFolderWithBinaryManPageCompletionsAndLicense() throws {
        let dist = try package()
        let version = try #require(try cli.run(["--version"]).stdout.split(separator: "\n").first?.split(separator: " ").last)
        let top = "wasmpack-\(version)-linux-\(try machine())"
        let tarball = dist + "/\(top).tar.gz"
        let listing = try ExternalCommand.run("/bin/tar", ["-tzvf", tarball])
        #expect(listing.status == 0, "\(listing.errorOutput)")
        let entries = listing.text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(Set(entries.map { String($0.last ?? "") }.filter { !$0.hasSuffix("/") }) == [
            "\(top)/LICENSE", "\(top)/README.md", "\(top)/bin/wasmpack", "\(top)/share/man/man1/wasmpack.1",
            "\(top)/share/bash-completion/completions/wasmpack", "\(top)/share/zsh/site-functions/_wasmpack",
            "\(top)/share/fish/vendor_completions.d/wasmpack.fish",
        ])
        #expect(entries.allSatisfy { String($0.last ?? "").hasPrefix(top + "/") })
        #expect(entries.allSatisfy { $0.count > 1 && $0[1] == "0/0" }, "owners are not 0/0")
        // The packed binary runs and is stripped.
        let unpacked = try cli.temporaryDirectory()
        let extract = try ExternalCommand.run("/bin/tar", ["-xzf", tarball, "-C", unpacked])
        #expect(extract.status == 0, "\(extract.errorOutput)")
        let binary = unpacked + "/\(top)/bin/wasmpack"
        let version2 = try ExternalCommand.run(binary, ["--version"])
        #expect(version2.text.hasPrefix("wasmpack \(version)\n"))
        let symbols = try ExternalCommand.run("/usr/bin/readelf", ["-S", "-W", binary])
        #expect(!symbols.text.contains(".symtab") && !symbols.text.contains(".debug_info"), "not stripped")
    }

    @Test func debDependsOnExactlyThePackagesOfTheLibrariesTheBinaryLinks() throws {
        let dist = try package()
        let deb = try #require(try FileManager.default.contentsOfDirectory(atPath: dist).first { $0.hasSuffix(".deb") })
        let field = try ExternalCommand.run("/usr/bin/dpkg-deb", ["-f", dist + "/" + deb, "Depends"])
        #expect(field.status == 0, "\(field.errorOutput)")
        let depends = field.text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // Each entry is a package, with the minimum version dpkg-shlibdeps resolves from the library's
        // symbols where the library publishes one (libyaml-0-2's shlibs file names none).
        #expect(depends.allSatisfy { $0.wholeMatch(of: #/[a-z0-9.+-]+( \(>= [0-9][^)]*\))?/#) != nil }, "\(depends)")
        for core in ["libc6", "libcurl4", "libssl3", "libarchive13", "zlib1g"] {
            #expect(depends.contains { $0.hasPrefix(core + " (>= ") }, "\(core) without a minimum version: \(depends)")
        }
        let names = Set(depends.map { String($0.split(separator: " ")[0]) })
        #expect(names == (try packagesOfNeededLibraries(Wasmpack.executable)))
        #expect(names.isSuperset(of: ["libc6", "libcurl4", "libssl3", "libarchive13", "zlib1g"]), "\(names)")

        let contents = try ExternalCommand.run("/usr/bin/dpkg-deb", ["-c", dist + "/" + deb])
        #expect(contents.status == 0, "\(contents.errorOutput)")
        let rows = contents.text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(Set(rows.map { String($0.last ?? "") }.filter { !$0.hasSuffix("/") }) == [
            "./usr/bin/wasmpack", "./usr/share/man/man1/wasmpack.1.gz", "./usr/share/doc/wasmpack/copyright",
            "./usr/share/bash-completion/completions/wasmpack", "./usr/share/zsh/vendor-completions/_wasmpack",
            "./usr/share/fish/vendor_completions.d/wasmpack.fish",
        ])
        #expect(rows.allSatisfy { $0.count > 1 && $0[1] == "root/root" }, "owners are not root/root")
    }

    @Test func installingTwiceLeavesTheSameFilesUnderThePrefix() throws {
        let prefix = try cli.temporaryDirectory() + "/usr-local"
        let script = Self.root + "/scripts/install.sh"
        let first = try ExternalCommand.run("/bin/bash", [script, "--binaries", Self.binaries, prefix])
        #expect(first.status == 0, "\(first.errorOutput)")
        let installed = try tree(prefix)
        #expect(Set(installed.keys) == [
            "bin/wasmpack", "share/man/man1/wasmpack.1", "share/bash-completion/completions/wasmpack",
            "share/zsh/site-functions/_wasmpack", "share/fish/vendor_completions.d/wasmpack.fish",
        ])
        let second = try ExternalCommand.run("/bin/bash", [script, "--binaries", Self.binaries, prefix])
        #expect(second.status == 0, "\(second.errorOutput)")
        #expect(try tree(prefix) == installed)
        let version = try ExternalCommand.run(prefix + "/bin/wasmpack", ["--version"])
        #expect(version.text.hasPrefix("wasmpack "))
    }

    /// Every file under `folder` by relative path, with its bytes.
    private func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))
            }
        }
        return files
    }

    /// Runs package.sh's fast variant into a fresh folder and returns it.
    private func package() throws -> String {
        let dist = try cli.temporaryDirectory()
        let run = try ExternalCommand.run(
            "/usr/bin/env", ["DIST=\(dist)", "/bin/bash", Self.root + "/scripts/package.sh", "--binaries", Self.binaries])
        try #require(run.status == 0, "package.sh failed: \(run.errorOutput)")
        return dist
    }

    private func machine() throws -> String {
        try ExternalCommand.run("/usr/bin/uname", ["-m"]).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The Debian packages that ship the shared libraries `binary` names directly (DT_NEEDED), found
    /// independently of dpkg-shlibdeps: readelf for the names, ldd for the paths, dpkg -S for the
    /// owners. Libraries no package owns (the debug build's Swift runtime under /opt/swift) are skipped.
    private func packagesOfNeededLibraries(_ binary: String) throws -> Set<String> {
        let dynamic = try ExternalCommand.run("/usr/bin/readelf", ["-d", "-W", binary]).text
        let needed = dynamic.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("(NEEDED)"), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        // ldd resolves each name as the loader would, for this machine's architecture.
        let resolved = try ExternalCommand.run("/usr/bin/ldd", [binary]).text.split(separator: "\n")
        var packages = Set<String>()
        for soname in needed {
            guard let entry = resolved.first(where: { $0.hasPrefix("\t\(soname) => /") }),
                  let arrow = entry.range(of: " => "), let end = entry.range(of: " (0x") else { continue }
            let path = String(entry[arrow.upperBound..<end.lowerBound])
            // Debian 12 merges /lib into /usr/lib; dpkg records whichever path the package ships.
            for candidate in [path, path.hasPrefix("/usr/") ? String(path.dropFirst(4)) : "/usr" + path] {
                let owner = try ExternalCommand.run("/usr/bin/dpkg", ["-S", candidate])
                if owner.status == 0, let name = owner.text.split(separator: ":").first {
                    packages.insert(String(name))
                    break
                }
            }
        }
        return packages
    }
}
