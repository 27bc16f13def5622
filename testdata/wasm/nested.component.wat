;; A component that nests a core module (with imports of its own), a component that nests more,
;; and imports a plain-named func, a type and an instance written inline.
(component
  (import "log" (func $log (param "message" string)))
  (type $point (record (field "x" u32) (field "y" u32)))
  (import "point" (type $point-import (eq $point)))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (export "now" (func (result u64)))
    (export "resolution" (func (result u64)))
  ))
  (core module $adapter
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
  )
  (component $inner
    (import "wasi:random/random@0.2.0" (instance
      (export "get-random-u64" (func (result u64)))
    ))
    (core module $innermost
      (import "env" "abort" (func))
    )
    (component $deepest)
  )
  (alias export $clock "now" (func $now))
  (instance $run (export "run" (func $log)) (export "now" (func $now)))
  (export "wasi:cli/run@0.2.0" (instance $run))
  (export "inner" (component $inner))
  (export "adapter" (core module $adapter))
)
