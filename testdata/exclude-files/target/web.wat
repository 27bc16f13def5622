;; Stand-in for the static file server component: a WASI command that does nothing.
;; Build: wat2wasm fileserver.wat -o fileserver.wasm
(module
  (memory (export "memory") 1)
  (func (export "_start")))
