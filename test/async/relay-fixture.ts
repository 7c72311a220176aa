// A component that relays stream<T> and future<T> for any element type T (component text, assembled by the tests):
//   relay(s: stream<T>) -> stream<T>    reads up to 16 elements into its memory, writes them out again, until the
//                                       writer drops (then drops both ends); the reader dropping ends it too
//   frelay(f: future<T>) -> future<T>   reads the value into its memory and writes it to a new future
//   make(n: u32) -> own<r>, rep-of(x: borrow<r>) -> u32   a resource for stream<own<r>>
// Elements cross twice through linear memory (JS → guest: lowered with the reader's realloc; guest → JS: lifted), so
// every element kind is converted both ways; two instances chained relay guest → guest.
import { assemble } from '../support/build.js';

/** `types`: type definitions before the stream type (`$E0`, exported as `$E`); `elem`: the element type; `size`: its
 *  size; `addr64`: a 64-bit memory (cm64; stream/future copies take i64 pointers and lengths, wrapped below). */
export function relayComponent(elem: string, size: number, types = '', addr64 = false): Promise<Uint8Array> {
  return assemble(relayText(elem, size, types, addr64));
}

/** The 32-bit core code calls these; with a 64-bit memory they widen the operands to the built-ins' i64. */
function copyImports(addr64: boolean): string {
  if (!addr64) {
    return `(import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "future.read" (func $future.read (param i32 i32) (result i32)))
    (import "" "future.write" (func $future.write (param i32 i32) (result i32)))`;
  }
  // Imports first (the text format puts them before the module's own functions).
  const imports = ['read', 'write'].flatMap((k) => [
    `(import "" "stream.${k}" (func $s${k}64 (param i32 i64 i64) (result i64)))`,
    `(import "" "future.${k}" (func $f${k}64 (param i32 i64) (result i32)))`,
  ]);
  const funcs = ['read', 'write'].flatMap((k) => [
    `(func $stream.${k} (param i32 i32 i32) (result i32)
      (i32.wrap_i64 (call $s${k}64 (local.get 0) (i64.extend_i32_u (local.get 1)) (i64.extend_i32_u (local.get 2)))))`,
    `(func $future.${k} (param i32 i32) (result i32) (call $f${k}64 (local.get 0) (i64.extend_i32_u (local.get 1))))`,
  ]);
  return [...imports, ...funcs].join('\n    ');
}

export function relayText(elem: string, size: number, types = '', addr64 = false): string {
  const realloc = addr64
    ? `(global $bump (mut i64) (i64.const 16384))
    (func (export "realloc") (param i64 i64 i64 i64) (result i64) (local $p i64)
      (local.set $p (i64.and (i64.add (global.get $bump) (i64.sub (local.get 2) (i64.const 1))) (i64.sub (i64.const 0) (local.get 2))))
      (global.set $bump (i64.add (local.get $p) (local.get 3)))
      (local.get $p))`
    : `(global $bump (mut i32) (i32.const 16384))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p))`;
  const mem = addr64 ? 'i64 2' : '2';
  return `(component
  (type $R0 (resource (rep i32)))
  (export $R "r" (type $R0))
  ${types}${types.includes('$E0') ? ' (export $E "e" (type $E0))' : ''}
  (type $S (stream ${elem}))
  (type $F (future ${elem}))
  (core module $Libc
    (memory (export "mem") ${mem})
    ${realloc})
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "mem" (core memory $memory))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.read (canon stream.read $S async (memory $memory) (realloc $realloc)))
  (core func $stream.write (canon stream.write $S async (memory $memory)))
  (core func $stream.drop-readable (canon stream.drop-readable $S))
  (core func $stream.drop-writable (canon stream.drop-writable $S))
  (core func $future.new (canon future.new $F))
  (core func $future.read (canon future.read $F async (memory $memory) (realloc $realloc)))
  (core func $future.write (canon future.write $F async (memory $memory)))
  (core func $future.drop-readable (canon future.drop-readable $F))
  (core func $future.drop-writable (canon future.drop-writable $F))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $ret-stream (canon task.return (result $S)))
  (core func $ret-future (canon task.return (result $F)))
  (core func $resource.new (canon resource.new $R0))
  (core module $M
    (import "" "mem" (memory ${mem}))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.drop-readable" (func $sdr (param i32)))
    (import "" "stream.drop-writable" (func $sdw (param i32)))
    (import "" "future.new" (func $future.new (result i64)))
    (import "" "future.drop-readable" (func $fdr (param i32)))
    (import "" "future.drop-writable" (func $fdw (param i32)))
    (import "" "waitable-set.new" (func $wsnew (result i32)))
    (import "" "waitable.join" (func $join (param i32 i32)))
    (import "" "ret-stream" (func $ret-stream (param i32)))
    (import "" "ret-future" (func $ret-future (param i32)))
    (import "" "resource.new" (func $resource.new (param i32) (result i32)))
    ${copyImports(addr64)}
    (global $ws (mut i32) (i32.const 0))
    (global $rx (mut i32) (i32.const 0))
    (global $tx (mut i32) (i32.const 0))
    (global $n (mut i32) (i32.const 0))
    (global $done (mut i32) (i32.const 0))
    (global $eof (mut i32) (i32.const 0))
    (func $ws (result i32)
      (if (i32.eqz (global.get $ws)) (then (global.set $ws (call $wsnew))))
      (global.get $ws))
    (func $wait (param $h i32) (result i32)
      (call $join (local.get $h) (call $ws))
      (i32.or (i32.const 2) (i32.shl (call $ws) (i32.const 4))))
    (func $finish (result i32) (call $sdr (global.get $rx)) (call $sdw (global.get $tx)) (i32.const 0))
    (func $read (result i32) (local $r i32)
      (local.set $r (call $stream.read (global.get $rx) (i32.const 1024) (i32.const 16)))
      (if (result i32) (i32.eq (local.get $r) (i32.const -1))
        (then (call $wait (global.get $rx)))
        (else (call $got-read (local.get $r)))))
    (func $got-read (param $r i32) (result i32)
      (global.set $n (i32.shr_u (local.get $r) (i32.const 4)))
      (global.set $done (i32.const 0))
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then (global.set $eof (i32.const 1))))
      (if (i32.eqz (global.get $n)) (then
        (if (global.get $eof) (then (return (call $finish))))
        (return (call $read))))
      (call $write))
    (func $write (result i32) (local $r i32)
      (local.set $r (call $stream.write (global.get $tx)
        (i32.add (i32.const 1024) (i32.mul (global.get $done) (i32.const ${size})))
        (i32.sub (global.get $n) (global.get $done))))
      (if (result i32) (i32.eq (local.get $r) (i32.const -1))
        (then (call $wait (global.get $tx)))
        (else (call $got-write (local.get $r)))))
    (func $got-write (param $r i32) (result i32)
      (global.set $done (i32.add (global.get $done) (i32.shr_u (local.get $r) (i32.const 4))))
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then (return (call $finish))))
      (if (i32.lt_u (global.get $done) (global.get $n)) (then (return (call $write))))
      (if (global.get $eof) (then (return (call $finish))))
      (call $read))
    (func (export "relay") (param $s i32) (result i32) (local $p i64)
      (global.set $rx (local.get $s))
      (local.set $p (call $stream.new))
      (global.set $tx (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (global.set $eof (i32.const 0))
      (call $ret-stream (i32.wrap_i64 (local.get $p)))
      (call $read))
    (func (export "relay-cb") (param $e i32) (param $i i32) (param $payload i32) (result i32)
      (call $join (local.get $i) (i32.const 0))
      (if (result i32) (i32.eq (local.get $i) (global.get $rx))
        (then (call $got-read (local.get $payload)))
        (else (call $got-write (local.get $payload)))))
    (func (export "frelay") (param $f i32) (result i32) (local $p i64) (local $r i32)
      (global.set $rx (local.get $f))
      (local.set $p (call $future.new))
      (global.set $tx (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (call $ret-future (i32.wrap_i64 (local.get $p)))
      (local.set $r (call $future.read (global.get $rx) (i32.const 2048)))
      (if (result i32) (i32.eq (local.get $r) (i32.const -1))
        (then (call $wait (global.get $rx)))
        (else (call $fgot-read (local.get $r)))))
    (func $fgot-read (param $r i32) (result i32) (local $w i32)
      (call $fdr (global.get $rx))
      ;; the writer dropped without a value: this future is never written (the reader waits)
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then (return (i32.const 0))))
      (local.set $w (call $future.write (global.get $tx) (i32.const 2048)))
      (if (result i32) (i32.eq (local.get $w) (i32.const -1))
        (then (call $wait (global.get $tx)))
        (else (call $fgot-write (local.get $w)))))
    (func $fgot-write (param i32) (result i32) (call $fdw (global.get $tx)) (i32.const 0))
    (func (export "frelay-cb") (param $e i32) (param $i i32) (param $payload i32) (result i32)
      (call $join (local.get $i) (i32.const 0))
      (if (result i32) (i32.eq (local.get $i) (global.get $rx))
        (then (call $fgot-read (local.get $payload)))
        (else (call $fgot-write (local.get $payload)))))
    (func (export "make") (param i32) (result i32) (call $resource.new (local.get 0)))
    (func (export "rep-of") (param i32) (result i32) (local.get 0))
  )
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory))
    (export "stream.new" (func $stream.new)) (export "stream.read" (func $stream.read)) (export "stream.write" (func $stream.write))
    (export "stream.drop-readable" (func $stream.drop-readable)) (export "stream.drop-writable" (func $stream.drop-writable))
    (export "future.new" (func $future.new)) (export "future.read" (func $future.read)) (export "future.write" (func $future.write))
    (export "future.drop-readable" (func $future.drop-readable)) (export "future.drop-writable" (func $future.drop-writable))
    (export "waitable-set.new" (func $waitable-set.new)) (export "waitable.join" (func $waitable.join))
    (export "ret-stream" (func $ret-stream)) (export "ret-future" (func $ret-future)) (export "resource.new" (func $resource.new))))))
  (func (export "relay") async (param "s" $S) (result $S) (canon lift (core func $m "relay") async (callback (core func $m "relay-cb"))))
  (func (export "frelay") async (param "f" $F) (result $F) (canon lift (core func $m "frelay") async (callback (core func $m "frelay-cb"))))
  (func (export "make") (param "n" u32) (result (own $R)) (canon lift (core func $m "make")))
  (func (export "rep-of") (param "x" (borrow $R)) (result u32) (canon lift (core func $m "rep-of")))
)`;
}
