;; Stand-in for the "api" component: a WASI command that prints a JSON body.
;; Build: wat2wasm api.wat -o api.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec { buf = 16, len = 12 } at offset 0
  (data (i32.const 0) "\10\00\00\00\0c\00\00\00")
  (data (i32.const 16) "{\"ok\":true}\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
