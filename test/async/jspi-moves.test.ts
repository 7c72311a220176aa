// A synchronous lower of an async import whose parameters move handles (an own<R> here; streams, futures and
// error contexts alike), whose host function returns a Promise: where the host has JSPI (the pinned Node 24:
// jspi-node.test.ts runs this file there too) the guest's stack suspends until it settles and the result is lowered
// by the plan's result half, the arguments lifted (the handles moved) once; without JSPI (Node 20) the call is the
// JSPI UnsupportedError naming the import. A host value (no Promise) needs no JSPI anywhere.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedError } from '../../src/index.js';
import { JSPI } from '../../src/runtime/async/jspi.js';
import { assemble } from '../support/build.js';
import { MODES } from './compile-modes.js';

// run(n), an async (callback-lifted) export, makes two R(n) through the sync import `make`, moves one into
// `pair` (its tuple result through an out-pointer) and one into `take` (a flat result), both async functions called
// through synchronous lowers, and returns take + pair.0 + pair.1.
const WAT = `(component
  (import "r" (type $R (sub resource)))
  (import "make" (func $make (param "n" u32) (result (own $R))))
  (import "take" (func $take async (param "x" (own $R)) (result u32)))
  (import "pair" (func $pair async (param "x" (own $R)) (result (tuple u32 u32))))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $make (canon lower (func $make)))
  (core func $take (canon lower (func $take)))
  (core func $pair (canon lower (func $pair) (memory $memory)))
  (core func $ret (canon task.return (result u32)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "make" (func $make (param i32) (result i32)))
    (import "" "take" (func $take (param i32) (result i32)))
    (import "" "pair" (func $pair (param i32 i32)))
    (import "" "ret" (func $ret (param i32)))
    (func (export "run") (param $n i32) (result i32)
      (call $pair (call $make (local.get $n)) (i32.const 16))
      (call $ret (i32.add (call $take (call $make (local.get $n)))
        (i32.add (i32.load (i32.const 16)) (i32.load (i32.const 20)))))
      (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory)) (export "make" (func $make)) (export "take" (func $take))
    (export "pair" (func $pair)) (export "ret" (func $ret))))))
  (func (export "run") async (param "n" u32) (result u32) (canon lift (core func $m "run") async (callback (core func $m "cb")))))`;

// A guest callee: take(s), callback-lifted, waits for the host's async `sleep` (async lower), then drops `s` and
// returns 7. Its caller: run() makes a stream and moves its readable end into `take` through a synchronous lower.
const CALLEE = `(component
  (type $S (stream u8))
  (import "sleep" (func $sleep async))
  (core func $sleep (canon lower (func $sleep) async))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core func $dropr (canon stream.drop-readable $S))
  (core func $ret (canon task.return (result u32)))
  (core module $M
    (import "" "sleep" (func $sleep (result i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    (import "" "dropr" (func $dropr (param i32)))
    (import "" "ret" (func $ret (param i32)))
    (global $s (mut i32) (i32.const 0))
    (func (export "take") (param $s i32) (result i32) (local $r i32) (local $ws i32)
      (global.set $s (local.get $s))
      (local.set $r (call $sleep))
      (if (i32.ne (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then unreachable)) ;; STARTED
      (local.set $ws (call $wsnew))
      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $p) (i32.const 2)) (then unreachable)) ;; RETURNED
      (call $join (local.get $i) (i32.const 0))
      (call $sdrop (local.get $i))
      (call $dropr (global.get $s))
      (call $ret (i32.const 7))
      (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "sleep" (func $sleep)) (export "wsnew" (func $wsnew)) (export "join" (func $join))
    (export "sdrop" (func $sdrop)) (export "dropr" (func $dropr)) (export "ret" (func $ret))))))
  (func (export "take") async (param "s" $S) (result u32) (canon lift (core func $m "take") async (callback (core func $m "cb")))))`;

const CALLER = `(component
  (type $S (stream u8))
  (import "take" (func $take async (param "s" $S) (result u32)))
  (core func $take (canon lower (func $take)))
  (core func $snew (canon stream.new $S))
  (core func $dropw (canon stream.drop-writable $S))
  (core func $ret (canon task.return (result u32)))
  (core module $M
    (import "" "take" (func $take (param i32) (result i32)))
    (import "" "snew" (func $snew (result i64)))
    (import "" "dropw" (func $dropw (param i32)))
    (import "" "ret" (func $ret (param i32)))
    (func (export "run") (result i32) (local $p i64)
      (local.set $p (call $snew))
      (call $ret (i32.add (call $take (i32.wrap_i64 (local.get $p))) (i32.const 100)))
      (call $dropw (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance
    (export "take" (func $take)) (export "snew" (func $snew)) (export "dropw" (func $dropw)) (export "ret" (func $ret))))))
  (func (export "run") async (result u32) (canon lift (core func $m "run") async (callback (core func $m "cb")))))`;

const bytes = await assemble(WAT);
const calleeBytes = await assemble(CALLEE);
const callerBytes = await assemble(CALLER);
const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), 5));

type Run = { run(n: number): Promise<number> };
type Host = { take(x: R): unknown; pair(x: R): unknown };
class R { constructor(readonly n: number) {} }

const COMPILE = MODES;

for (const [mode, compile] of COMPILE) {
  const load = async (i: Record<string, unknown>): Promise<Run> => (await compile(bytes)).instantiate(i).exports as Run;
  describe(`a synchronous lower of an async import whose parameters move an own handle (${mode}, JSPI ${JSPI ? 'on' : 'off'})`, () => {
    const make = async (host: Host): Promise<{ x: Run; seen: R[] }> => {
      const seen: R[] = [];
      const x = await load({ r: R, make: (n: number) => new R(n), take: (r: R) => { seen.push(r); return host.take(r); }, pair: (r: R) => { seen.push(r); return host.pair(r); } });
      return { x, seen };
    };

    it('a value from the host needs no JSPI', async () => {
      const { x, seen } = await make({ take: (r) => r.n * 10, pair: (r) => [r.n, r.n + 1] });
      assert.equal(await x.run(3), 37);
      assert.equal(seen.length, 2);
    });

    it(JSPI ? 'suspends the caller; the handle moves once and the result half lowers the value (flat and through the out-pointer)' : 'is the JSPI UnsupportedError naming the import', async () => {
      const { x, seen } = await make({ take: (r) => later(r.n * 10), pair: (r) => later([r.n, r.n + 1]) });
      if (JSPI) {
        assert.equal(await x.run(3), 37);
        assert.equal(seen.length, 2, 'each import called once (its argument lifted once)');
        assert.ok(seen.every((r) => r instanceof R && r.n === 3));
        // Again, and two at once: the instance is not poisoned and each call gets its own result.
        assert.deepEqual(await Promise.all([x.run(1), x.run(2)]), [13, 25]);
      } else {
        await assert.rejects(x.run(3), (e: unknown) => e instanceof UnsupportedError && /JSPI/.test(e.message) && /pair/.test(e.message));
      }
    });

    it(JSPI ? 'a guest callee that waits: the caller suspends, its stream moved once' : 'a guest callee that waits: the JSPI UnsupportedError', async () => {
      const callee = (await compile(calleeBytes)).instantiate({ sleep: () => later(undefined) }).exports as { take: unknown };
      const caller = (await compile(callerBytes)).instantiate({ take: callee.take }).exports as { run(): Promise<number> };
      if (JSPI) assert.deepEqual(await Promise.all([caller.run(), caller.run()]), [107, 107]);
      else await assert.rejects(caller.run(), (e: unknown) => e instanceof UnsupportedError && /JSPI/.test(e.message));
    });

    it('a rejected Promise fails the call (never a value)', async () => {
      const { x } = await make({ take: () => Promise.reject(new Error('host says no')), pair: (r) => later([r.n, 0]) });
      await assert.rejects(x.run(3), (e: unknown) => e instanceof Error && (JSPI ? /host says no/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`) : e instanceof UnsupportedError));
    });
  });
}
