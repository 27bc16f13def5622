#!/usr/bin/env python3
"""Mechanical part of issue 11 for code written before it (python3 scripts/lean-imports.py, from
the package root):
full Foundation -> guarded FoundationEssentials (+ WasmPackPlatform for the C library),
`import Glibc` blocks -> `import WasmPackPlatform`, and the Foundation-only calls that have a
one-for-one replacement. What is left (ObjCBool, NSString paths, FileHandle, NSError, Thread,
JSONSerialization, DateFormatter, Process) the compiler lists; LeanBinaryTests checks the rest."""
import glob, re

GLIBC = re.compile(r"#if canImport\(Glibc\)\nimport Glibc\n(#elseif canImport\(Musl\)\nimport Musl\n)?(#elseif canImport\(Darwin\)\nimport Darwin\n)?#endif\n")
FE = "#if canImport(FoundationEssentials)\nimport FoundationEssentials\n#else\nimport Foundation\n#endif\n"
for path in sorted(glob.glob("Sources/**/*.swift", recursive=True)):
    if path.startswith("Sources/WasmPackPlatform/"):
        continue
    text = original = open(path).read()
    text = GLIBC.sub("import WasmPackPlatform\n", text, count=1)
    if re.search(r"^import Foundation$", text, re.M) and FE not in text:
        text = re.sub(r"^import Foundation\n", lambda _: FE, text, count=1, flags=re.M)
        if "import WasmPackPlatform" not in text and not path.startswith(("Sources/WasmPackOCI/", "Sources/WasmPackWasm/")):
            text = text.replace(FE, FE + "import WasmPackPlatform\n", 1)
    text = re.sub(r"\bGlibc\.(write|read|rename|exit)\(", r"SystemCall.\1(", text)
    if path.startswith("Sources/WasmPackRegistry/"):
        text = text.replace(".trimmingCharacters(in: .whitespacesAndNewlines)", ".trimmedWhitespaceAndNewlines")
        text = text.replace(".trimmingCharacters(in: .whitespaces)", ".trimmedWhitespace")
    text = re.sub(r'String\(format: "%\.1f", (\w+)\)', r"\1.oneDecimal", text)
    text = text.replace("NSLock()", "SystemLock()")
    if text != original:
        open(path, "w").write(text)
        print("converted", path)
