;; One import of every core kind (func, table, memory, global, tag), from the pre-preview-1
;; wasi_unstable and from env, and one export of each.
(module
  (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "table" (table 2 10 funcref))
  (import "env" "memory" (memory 1 2))
  (import "env" "counter" (global (mut i32)))
  (import "env" "failure" (tag (param i32)))
  (func (export "run"))
  (export "table" (table 0))
  (export "memory" (memory 0))
  (export "counter" (global 0))
  (export "failure" (tag 0))
)
