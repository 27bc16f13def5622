;; A wws wasm worker: a WASI command that reads the request from stdin and answers on stdout.
;; Served at /api/echo. Build: wat2wasm echo.wat -o echo.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\1c\00\00\00")
  (data (i32.const 16) "{\22data\22:\22echo\22,\22status\22:200}")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
