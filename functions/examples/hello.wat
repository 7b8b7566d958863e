;; The platform's hello as a ready WASI module (deploy with lang=wasm): greets, then echoes stdin.
;; hello.wasm is this file assembled: wat2wasm hello.wat -o hello.wasm
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  ;; 0: iovec {ptr, len}; 8: bytes read/written; 16: greeting; 64: buffer
  (data (i32.const 16) "Hello from FAAS!\n")
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $write (i32.const 16) (i32.const 17))
    (block $done
      (loop $echo
        (i32.store (i32.const 0) (i32.const 64))
        (i32.store (i32.const 4) (i32.const 4096))
        (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (br_if $done (i32.eqz (i32.load (i32.const 8))))
        (call $write (i32.const 64) (i32.load (i32.const 8)))
        (br $echo)))))
