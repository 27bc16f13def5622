;; A Slight app stand-in: a WASI command whose _start returns. The shim runs it as /app.wasm.
;; Build: wat2wasm http_server.wat -o http_server.wasm
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
