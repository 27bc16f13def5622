;; WAGI hello: writes a CGI response to stdout and returns from _start.
;; Build: wat2wasm hello.wat -o hello.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec { buf = 16, len = 40 } at offset 0
  (data (i32.const 0) "\10\00\00\00\28\00\00\00")
  (data (i32.const 16) "Content-Type: text/plain\n\nHello, WAGI!\n\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
