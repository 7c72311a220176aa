// A component whose guests use 64-bit memories (memory64, feature `cm64`): pointers and lengths are i64 and
// stored in 8 bytes (CanonicalABI.md ptr_size). `$Callee` (64-bit) echoes strings, lists and options and relays a
// string through a host import; `$Caller64` and `$Caller32` (a classic 32-bit memory) call its `echo` (fused when
// both instances are kumiki's). Run under a Node whose V8 compiles memory64 (Node 22: test/ir/cm64.test.ts).

/** A bump allocator for a memory of address type `t` (growing copies the old bytes). */
function realloc(t: 'i64' | 'i32'): string {
  return `(global $bump (mut ${t}) (${t}.const 1024))
    (func (export "realloc") (param ${t} ${t} ${t} ${t}) (result ${t}) (local $p ${t})
      (local.set $p (${t}.and (${t}.add (global.get $bump) (${t}.sub (local.get 2) (${t}.const 1))) (${t}.sub (${t}.const 0) (local.get 2))))
      (global.set $bump (${t}.add (local.get $p) (local.get 3)))
      (if (${t}.ne (local.get 1) (${t}.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
      (local.get $p))`;
}


export const CM64 = `(component
  (import "log" (func $log (param "s" string) (result string)))
  (component $Callee
    (import "log" (func $log (param "s" string) (result string)))
    (core module $Mem
      (memory (export "mem") i64 2)
      ${realloc('i64')})
    (core instance $mem (instantiate $Mem))
    (core func $log (canon lower (func $log) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core module $M
      (import "" "mem" (memory i64 2))
      (import "" "log" (func $log (param i64 i64 i64)))
      ;; The (pointer, length) pair back through the return area at 8.
      (func (export "echo") (param i64 i64) (result i64)
        (i64.store (i64.const 8) (local.get 0)) (i64.store (i64.const 16) (local.get 1)) (i64.const 8))
      ;; option<string>: discriminant byte at 8, payload (8-aligned) at 16.
      (func (export "echo-opt") (param i32 i64 i64) (result i64)
        (i32.store8 (i64.const 8) (local.get 0)) (i64.store (i64.const 16) (local.get 1)) (i64.store (i64.const 24) (local.get 2)) (i64.const 8))
      (func (export "relay") (param i64 i64) (result i64)
        (call $log (local.get 0) (local.get 1) (i64.const 32)) (i64.const 32))
      ;; A lying guest: a string length past the memory.
      (func (export "liar") (result i64)
        (i64.store (i64.const 8) (i64.const 0)) (i64.store (i64.const 16) (i64.const 0x100000000)) (i64.const 8)))
    (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $mem "mem")) (export "log" (func $log))))))
    (alias core export $mem "mem" (core memory $mm))
    (alias core export $mem "realloc" (core func $ra))
    (func (export "echo") (param "s" string) (result string) (canon lift (core func $m "echo") (memory $mm) (realloc $ra)))
    (func (export "echo-compact") (param "s" string) (result string) (canon lift (core func $m "echo") string-encoding=latin1+utf16 (memory $mm) (realloc $ra)))
    (func (export "echo-list") (param "x" (list u32)) (result (list u32)) (canon lift (core func $m "echo") (memory $mm) (realloc $ra)))
    (func (export "echo-strs") (param "x" (list string)) (result (list string)) (canon lift (core func $m "echo") (memory $mm) (realloc $ra)))
    (func (export "echo-opt") (param "x" (option string)) (result (option string)) (canon lift (core func $m "echo-opt") (memory $mm) (realloc $ra)))
    (func (export "relay") (param "s" string) (result string) (canon lift (core func $m "relay") (memory $mm) (realloc $ra)))
    (func (export "liar") (result string) (canon lift (core func $m "liar") (memory $mm) (realloc $ra)))
  )
  (component $Caller64
    (import "echo" (func $echo (param "s" string) (result string)))
    (import "echo-strs" (func $echo-strs (param "x" (list string)) (result (list string))))
    (import "echo-opt" (func $echo-opt (param "x" (option string)) (result (option string))))
    (core module $Mem
      (memory (export "mem") i64 1)
      ${realloc('i64')})
    (core instance $mem (instantiate $Mem))
    (core func $echo (canon lower (func $echo) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core func $echo-strs (canon lower (func $echo-strs) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core func $echo-opt (canon lower (func $echo-opt) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core module $M
      (import "" "echo" (func $echo (param i64 i64 i64)))
      (import "" "echo-strs" (func $echo-strs (param i64 i64 i64)))
      (import "" "echo-opt" (func $echo-opt (param i32 i64 i64 i64)))
      (func (export "run") (param i64 i64) (result i64) (call $echo (local.get 0) (local.get 1) (i64.const 8)) (i64.const 8))
      (func (export "run-strs") (param i64 i64) (result i64) (call $echo-strs (local.get 0) (local.get 1) (i64.const 8)) (i64.const 8))
      (func (export "run-opt") (param i32 i64 i64) (result i64) (call $echo-opt (local.get 0) (local.get 1) (local.get 2) (i64.const 8)) (i64.const 8)))
    (core instance $m (instantiate $M (with "" (instance (export "echo" (func $echo)) (export "echo-strs" (func $echo-strs)) (export "echo-opt" (func $echo-opt))))))
    (func (export "run") (param "s" string) (result string) (canon lift (core func $m "run") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (func (export "run-strs") (param "x" (list string)) (result (list string)) (canon lift (core func $m "run-strs") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (func (export "run-opt") (param "x" (option string)) (result (option string)) (canon lift (core func $m "run-opt") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  )
  (component $Caller32
    (import "echo" (func $echo (param "s" string) (result string)))
    (core module $Mem
      (memory (export "mem") 1)
      ${realloc('i32')})
    (core instance $mem (instantiate $Mem))
    (core func $echo (canon lower (func $echo) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core module $M
      (import "" "echo" (func $echo (param i32 i32 i32)))
      (func (export "run") (param i32 i32) (result i32) (call $echo (local.get 0) (local.get 1) (i32.const 8)) (i32.const 8)))
    (core instance $m (instantiate $M (with "" (instance (export "echo" (func $echo))))))
    (func (export "run") (param "s" string) (result string) (canon lift (core func $m "run") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  )
  (instance $callee (instantiate $Callee (with "log" (func $log))))
  (instance $c64 (instantiate $Caller64 (with "echo" (func $callee "echo")) (with "echo-strs" (func $callee "echo-strs")) (with "echo-opt" (func $callee "echo-opt"))))
  (instance $c32 (instantiate $Caller32 (with "echo" (func $callee "echo"))))
  (export "echo" (func $callee "echo"))
  (export "echo-compact" (func $callee "echo-compact"))
  (export "echo-list" (func $callee "echo-list"))
  (export "echo-strs" (func $callee "echo-strs"))
  (export "echo-opt" (func $callee "echo-opt"))
  (export "relay" (func $callee "relay"))
  (export "liar" (func $callee "liar"))
  (export "run64" (func $c64 "run"))
  (export "run64-strs" (func $c64 "run-strs"))
  (export "run64-opt" (func $c64 "run-opt"))
  (export "run32" (func $c32 "run"))
)`;
