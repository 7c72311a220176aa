// Async calls made inside one export call, that need no JS await (issue 12): component text, assembled by the tests
// and the async bench.
//   HOST_LOOP_WAT: loop-async(n) calls the async import `host` n times through `canon lower async` (the result at a
//     retptr; a host returning a plain value gives RETURNED at once), loop-sync(n) the plain import `host-sync`
//     through a sync `canon lower`; both sum the results (a + 1 each for a = 0..n-1 with the bench's hosts).
//   CALLEE_WAT: add(a, b) async, callback-lifted: task.return(a + b) then EXIT in its first run; add-sync the same,
//     lifted synchronously.
//   CALLER_WAT: the guest → guest counterpart of HOST_LOOP_WAT: loop-async(n) calls the import `add` (async,
//     an instance of CALLEE_WAT's `add`) through `canon lower async`, loop-sync(n) `add-sync` through a sync lower.
// A call that does not return at once (any state but RETURNED) ends the loop with 0xffffffff (the tests see it).
import { assemble } from '../support/build.js';

/** The core loop shared by both callers: `$f(i, 7, 64)` async (RETURNED: sum += load 64), `$g(i, 7)` sync. */
function loops(asyncCall: string, syncCall: string): string {
  return `
    (func (export "loop-async") (param $n i32) (result i32) (local $i i32) (local $s i32) (local $r i32)
      (block $out (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r ${asyncCall})
        (if (i32.ne (local.get $r) (i32.const 2)) (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $s) (i32.load (i32.const 64))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.get $s))
    (func (export "loop-sync") (param $n i32) (result i32) (local $i i32) (local $s i32)
      (block $out (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) ${syncCall}))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.get $s))`;
}

export const HOST_LOOP_WAT = `(component
  (import "host" (func $host async (param "a" u32) (result u32)))
  (import "host-sync" (func $hs (param "a" u32) (result u32)))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $host (canon lower (func $host) async (memory $memory)))
  (core func $hs (canon lower (func $hs)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "host" (func $host (param i32 i32) (result i32)))
    (import "" "hs" (func $hs (param i32) (result i32)))
    ${loops('(call $host (local.get $i) (i32.const 64))', '(call $hs (local.get $i))')})
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "host" (func $host)) (export "hs" (func $hs))))))
  (func (export "loop-async") (param "n" u32) (result u32) (canon lift (core func $m "loop-async")))
  (func (export "loop-sync") (param "n" u32) (result u32) (canon lift (core func $m "loop-sync"))))`;

export const CALLEE_WAT = `(component
  (core func $ret (canon task.return (result u32)))
  (core module $M
    (import "" "ret" (func $ret (param i32)))
    (func (export "add") (param i32 i32) (result i32) (call $ret (i32.add (local.get 0) (local.get 1))) (i32.const 0))
    (func (export "add-sync") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret))))))
  (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add") async (callback (core func $m "never"))))
  (func (export "add-sync") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add-sync"))))`;

export const CALLER_WAT = `(component
  (import "add" (func $add async (param "a" u32) (param "b" u32) (result u32)))
  (import "add-sync" (func $as (param "a" u32) (param "b" u32) (result u32)))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $add (canon lower (func $add) async (memory $memory)))
  (core func $as (canon lower (func $as)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "add" (func $add (param i32 i32 i32) (result i32)))
    (import "" "as" (func $as (param i32 i32) (result i32)))
    ${loops('(call $add (local.get $i) (i32.const 7) (i32.const 64))', '(call $as (local.get $i) (i32.const 7))')})
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "add" (func $add)) (export "as" (func $as))))))
  (func (export "loop-async") (param "n" u32) (result u32) (canon lift (core func $m "loop-async")))
  (func (export "loop-sync") (param "n" u32) (result u32) (canon lift (core func $m "loop-sync"))))`;

export interface InnerFixtures { readonly hostLoop: Uint8Array; readonly callee: Uint8Array; readonly caller: Uint8Array }

export async function innerFixtures(): Promise<InnerFixtures> {
  const [hostLoop, callee, caller] = await Promise.all([assemble(HOST_LOOP_WAT), assemble(CALLEE_WAT), assemble(CALLER_WAT)]);
  return { hostLoop, callee, caller };
}
