;; A Spin 0.x-style module (wit-bindgen 0.2 ABI) as the .NET and Go SDKs of 2022 built them: it
;; imports outbound HTTP, config and Redis from the host (runtimes.md §2.2) besides WASI preview 1.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi-outbound-http" "request" (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "spin-config" "get-config" (func (param i32 i32 i32)))
  (import "outbound-redis" "publish" (func (param i32 i32 i32 i32 i32)))
  (import "outbound-redis" "get" (func (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "handle-http-request") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32))
  (func (export "canonical_abi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))
  (func (export "canonical_abi_free") (param i32 i32 i32))
)
