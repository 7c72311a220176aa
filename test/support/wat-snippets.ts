// Component-text pieces the hand-written guest programs of the tests share (test/wasi03's socket and HTTP
// commands): one bump allocator, the wasi:sockets@0.3 types every socket program declares.

/**
 * A core module with a memory of `pages` and a bump `realloc` (never frees; aligns to the requested alignment),
 * instantiated, with `$memory` and `$realloc` aliased for the canon options.
 */
export function bumpMemory(heap: number | string, pages = 1): string {
  return `(core module $Mem
    (memory (export "mem") ${pages})
    (global $next (mut i32) (i32.const ${heap}))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))`;
}

/** The types of wasi:sockets/types@0.3.0 a socket program names: address family, error-code, socket addresses. */
export const SOCKET_TYPES = `(type $fam' (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type $fam (eq $fam')))
    (type $os (option string))
    (type $ec' (variant (case "access-denied") (case "not-supported") (case "invalid-argument") (case "out-of-memory")
      (case "timeout") (case "invalid-state") (case "address-not-bindable") (case "address-in-use") (case "remote-unreachable")
      (case "connection-refused") (case "connection-broken") (case "connection-reset") (case "connection-aborted")
      (case "datagram-too-large") (case "other" $os)))
    (export "error-code" (type $ec (eq $ec')))
    (type $v4' (record (field "port" u16) (field "address" (tuple u8 u8 u8 u8))))
    (export "ipv4-socket-address" (type $v4 (eq $v4')))
    (type $v6' (record (field "port" u16) (field "flow-info" u32) (field "address" (tuple u16 u16 u16 u16 u16 u16 u16 u16)) (field "scope-id" u32)))
    (export "ipv6-socket-address" (type $v6 (eq $v6')))
    (type $sa' (variant (case "ipv4" $v4) (case "ipv6" $v6)))
    (export "ip-socket-address" (type $sa (eq $sa')))`;

/**
 * The end of a WASI 0.3 command: `run` (`async func() -> result`) lifted async with a callback from the core
 * instance `$m`'s "run" and "run-cb", exported as wasi:cli/run@0.3.0. Closes the component.
 */
export const RUN_EXPORT = `(func $run async (result $R) (canon lift (core func $m "run") async (callback (core func $m "run-cb"))))
  (instance $runi (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $runi)))`;
