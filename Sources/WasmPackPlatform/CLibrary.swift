// The one place that names the C library. The rest of wasmpack imports WasmPackPlatform and gets
// the POSIX names (open, stat, errno, O_RDONLY, poll, ...) from here, so porting to another libc
// touches this folder only. What differs between the C libraries (process spawning, terminal size,
// stat's time fields) is wrapped in the functions beside this file; calls that POSIX spells the
// same everywhere are used by name.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#else
#error("wasmpack needs a POSIX C library: Glibc, Musl or Darwin")
#endif
