// Every trap of an async task poisons its instance (CanonicalABI.md: a trap makes the component instance unusable)
// and names the lifted function and the offending value, as a sync adapter's trap does (`f: canonical ABI: …`):
// the callback loop's WAIT on a handle that is not live or not a waitable set, an unsupported callback code,
// task.return's lift of a bad value, and a stream element that does not lift when JS's read runs the copy (the
// writer's instance is poisoned though no guest code runs then). After each, a call of a healthy export of the same
// instance fails fast. Every mode (codegen, interp, AOT), with and without fusion.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../support/wast-run-aot.js';

const WAT = `(component
  (type $S (stream string))
  (type $O (option u32))
  (core module $Mem (memory (export "mem") 1)
    ;; A string element at 16 whose pointer is far out of bounds of memory.
    (data (i32.const 16) "\\00\\00\\ff\\7f\\04\\00\\00\\00"))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.write (canon stream.write $S async (memory $memory)))
  (core func $ret-u32 (canon task.return (result u32)))
  (core func $ret-opt (canon task.return (result $O)))
  (core func $ret-stream (canon task.return (result $S)))
  (type $P (tuple u32 $S))
  (core func $ret-pair (canon task.return (result $P)))
  (core module $M
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "ret-u32" (func $ret-u32 (param i32)))
    (import "" "ret-opt" (func $ret-opt (param i32 i32)))
    (import "" "ret-stream" (func $ret-stream (param i32)))
    (import "" "ret-pair" (func $ret-pair (param i32 i32)))
    (func (export "ok") (result i32) (call $ret-u32 (i32.const 42)) (i32.const 0))
    ;; WAIT (2) on handle 999, which is not live.
    (func (export "wait-dead") (result i32) (i32.const 0x3e72))
    ;; WAIT on a stream's readable end: a live handle, but no waitable set.
    (func (export "wait-stream") (result i32)
      (i32.or (i32.const 2) (i32.shl (i32.wrap_i64 (call $stream.new)) (i32.const 4))))
    ;; Callback code 7: no such code.
    (func (export "bad-code") (result i32) (i32.const 0x57))
    ;; task.return of option<u32> with discriminant 5.
    (func (export "ret-bad") (result i32) (call $ret-opt (i32.const 5) (i32.const 0)) (i32.const 0))
    ;; Returns a stream's readable end, and writes one string element that does not lift (JS's read copies it).
    (func (export "stream-bad") (result i32) (local $s i64)
      (local.set $s (call $stream.new))
      (call $ret-stream (i32.wrap_i64 (local.get $s)))
      (drop (call $stream.write (i32.wrap_i64 (i64.shr_u (local.get $s) (i64.const 32))) (i32.const 16) (i32.const 1)))
      (i32.const 0))
    ;; task.return of a stream's writable end where its readable end is expected.
    (func (export "ret-writable") (result i32)
      (call $ret-stream (i32.wrap_i64 (i64.shr_u (call $stream.new) (i64.const 32))))
      (i32.const 0))
    ;; task.return of stream handle 999, which is not live; and of a tuple whose stream is a writable end.
    (func (export "ret-dead") (result i32) (call $ret-stream (i32.const 999)) (i32.const 0))
    (func (export "ret-pair") (result i32)
      (call $ret-pair (i32.const 1) (i32.wrap_i64 (i64.shr_u (call $stream.new) (i64.const 32))))
      (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "stream.new" (func $stream.new)) (export "stream.write" (func $stream.write))
    (export "ret-u32" (func $ret-u32)) (export "ret-opt" (func $ret-opt)) (export "ret-stream" (func $ret-stream))
    (export "ret-pair" (func $ret-pair))))))
  (func (export "ok") async (result u32) (canon lift (core func $m "ok") async (callback (core func $m "cb"))))
  (func (export "wait-dead") async (result u32) (canon lift (core func $m "wait-dead") async (callback (core func $m "cb"))))
  (func (export "wait-stream") async (result u32) (canon lift (core func $m "wait-stream") async (callback (core func $m "cb"))))
  (func (export "bad-code") async (result u32) (canon lift (core func $m "bad-code") async (callback (core func $m "cb"))))
  (func (export "ret-bad") async (result $O) (canon lift (core func $m "ret-bad") async (callback (core func $m "cb"))))
  (func (export "stream-bad") async (result $S) (canon lift (core func $m "stream-bad") async (callback (core func $m "cb"))))
  (func (export "ret-dead") async (result $S) (canon lift (core func $m "ret-dead") async (callback (core func $m "cb"))))
  (func (export "ret-pair") async (result $P) (canon lift (core func $m "ret-pair") async (callback (core func $m "cb"))))
  (func (export "ret-writable") async (result $S) (canon lift (core func $m "ret-writable") async (callback (core func $m "cb"))))
)`;

type Api = Record<'ok' | 'waitDead' | 'waitStream' | 'badCode' | 'retBad' | 'retWritable' | 'retDead' | 'retPair', () => Promise<unknown>> & { streamBad(): Promise<AsyncIterable<unknown>> };

/** `p`, or a rejection after `ms` (a hang is a failure). */
function bounded<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { t = setTimeout(() => reject(new Error(`no answer in ${ms} ms (a hang)`)), ms); })]).finally(() => clearTimeout(t));
}

/** A Trap whose message matches `re` exactly as a whole. */
const trap = (re: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof Trap, `expected a Trap, got ${String(e)}`);
  assert.match(e.message, re);
  return true;
};

/** Each trapping call, and the words its trap must have: the function first, then the value at fault. */
const CASES: [keyof Api, RegExp][] = [
  ['waitDead', /^wait-dead: canonical ABI: callback WAIT: unknown handle index 999 \(not a live handle\)$/],
  ['waitStream', /^wait-stream: callback WAIT: handle \d+ is not a waitable set$/],
  ['badCode', /^bad-code: unsupported callback code 7 \(the callback or core function returned 87\)$/],
  ['retBad', /^ret-bad: canonical ABI: task\.return\(result\): invalid variant discriminant 5 \(this variant has 2 cases\)$/],
  // The same words in every mode: the function, the built-in and its parameter, then the handle.
  ['retWritable', /^ret-writable: task\.return\(result\): handle \d+ is not the readable end of a stream of this type$/],
  ['retDead', /^ret-dead: canonical ABI: task\.return\(result\): unknown handle index 999 \(not a live handle\)$/],
  ['retPair', /^ret-pair: task\.return\(result\)\[1\]: handle \d+ is not the readable end of a stream of this type$/],
];

/**
 * An async lower of a host function whose result is a string: the caller's realloc traps while the result is stored,
 * whether the host returned the value (inside the guest's call) or a Promise (later, on the event loop).
 */
const HOST_WAT = `(component
  (import "host" (func $host async (result string)))
  (core module $Mem (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))
  (core func $h (canon lower (func $host) async (memory $memory) (realloc $realloc)))
  (core func $ret (canon task.return (result u32)))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core module $M
    (import "" "h" (func $h (param i32) (result i32)))
    (import "" "ret" (func $ret (param i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (func (export "f") (result i32) (local $r i32) (local $ws i32)
      (local.set $r (call $h (i32.const 64)))
      (if (i32.eqz (i32.shr_u (local.get $r) (i32.const 4))) (then (call $ret (i32.const 1)) (return (i32.const 0))))
      (local.set $ws (call $wsnew))
      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "ok") (result i32) (call $ret (i32.const 7)) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (call $ret (i32.const 2)) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance (export "h" (func $h)) (export "ret" (func $ret)) (export "wsnew" (func $wsnew)) (export "join" (func $join))))))
  (func (export "f") async (result u32) (canon lift (core func $m "f") async (callback (core func $m "cb"))))
  (func (export "ok") async (result u32) (canon lift (core func $m "ok") async (callback (core func $m "cb"))))
)`;

const POISONED = /^ok: cannot enter component instance: it is poisoned by an earlier trap/;

describe('an async task\'s trap poisons its instance and names the function', () => {
  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    for (const fuse of mode === 'aot' ? [false] : [true, false]) {
      it(`${mode}${mode === 'aot' ? '' : fuse ? ', fused' : ', not fused'}`, async () => {
        const bytes = await assemble(WAT);
        const c = mode === 'aot' ? await compileAot(bytes, []) : await Component.compile(bytes, { mode, fuse });
        const fresh = (): Api => c.instantiate({}).exports as unknown as Api;
        assert.equal(await fresh().ok(), 42);
        for (const [f, re] of CASES) {
          const x = fresh();
          await assert.rejects(bounded(x[f]()), trap(re), f);
          // Later calls into the instance fail fast, naming the first cause.
          await assert.rejects(bounded(x.ok()), trap(POISONED), `ok after ${f}`);
          await assert.rejects(bounded(x[f]()), trap(new RegExp(`cannot enter component instance: it is poisoned`)), `${f} again`);
        }
        // The stream's element fails to lift while JS reads it: the writer's instance is poisoned all the same.
        const x = fresh();
        const s = await bounded(x.streamBad());
        await assert.rejects(bounded((async () => { for await (const _ of s) { /* the element traps */ } })()),
          trap(/^canonical ABI: stream\.write elements\(elements\)\[\]: string pointer\/length out of bounds of memory/));
        await assert.rejects(bounded(x.ok()), trap(POISONED), 'ok after stream-bad');
      });
    }
  }
});

describe('a trap of the caller\'s realloc while a host function\'s async result is stored poisons the caller', () => {
  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    it(mode, async () => {
      const bytes = await assemble(HOST_WAT);
      const c = mode === 'aot' ? await compileAot(bytes, []) : await Component.compile(bytes, { mode });
      for (const how of ['a value', 'a Promise'] as const) {
        const host = (): unknown => how === 'a value' ? 'hi' : Promise.resolve('hi');
        const x = c.instantiate({ host } as never).exports as unknown as { f(): Promise<number>; ok(): Promise<number> };
        await assert.rejects(bounded(x.f()), trap(/^f: wasm `unreachable` instruction executed$/), how);
        await assert.rejects(bounded(x.ok()), trap(POISONED), `ok after ${how}`);
      }
    });
  }
});

/**
 * One instance, two calls at once (test/hostile/property-async seed 11 case 544): `s` returned a stream and waits to
 * write its bytes; then `g`'s host function answers with a value that does not lower. Answered at once, inside `g`'s
 * call, that is a trap of `g` (as a sync import's bad value is): the instance is poisoned, so `s` can never write again
 * and JS's read of `s`'s stream fails with the trap that poisoned it, which names `g`. Through a Promise (settled after
 * `g`'s core code returned) the same value fails only `g`'s call and poisons nothing: the stream reads to its end.
 */
const PARKED_WAT = `(component
  (type $S (stream u8))
  (import "host" (func $host async (result u32)))
  (core module $Mem (memory (export "mem") 1) (data (i32.const 16) "\\01\\02\\03"))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $h (canon lower (func $host) async (memory $memory)))
  (core func $snew (canon stream.new $S))
  (core func $swrite (canon stream.write $S async (memory $memory)))
  (core func $sdropw (canon stream.drop-writable $S))
  (core func $ret-s (canon task.return (result $S)))
  (core func $ret-u32 (canon task.return (result u32)))
  (core func $cget (canon context.get i32 0))
  (core func $cset (canon context.set i32 0))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core module $M
    (import "" "h" (func $h (param i32) (result i32)))
    (import "" "snew" (func $snew (result i64)))
    (import "" "swrite" (func $swrite (param i32 i32 i32) (result i32)))
    (import "" "sdropw" (func $sdropw (param i32)))
    (import "" "ret-s" (func $ret-s (param i32)))
    (import "" "ret-u32" (func $ret-u32 (param i32)))
    (import "" "cget" (func $cget (result i32)))
    (import "" "cset" (func $cset (param i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    ;; Returns a stream's readable end, writes 3 bytes to it and waits (its writable end in a set) until JS reads them.
    (func (export "s") (result i32) (local $p i64) (local $w i32) (local $ws i32)
      (local.set $p (call $snew))
      (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (call $ret-s (i32.wrap_i64 (local.get $p)))
      (call $cset (local.get $w))
      (if (i32.ne (call $swrite (local.get $w) (i32.const 16) (i32.const 3)) (i32.const -1))
        (then (call $sdropw (local.get $w)) (return (i32.const 0))))
      (local.set $ws (call $wsnew))
      (call $join (local.get $w) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "s-cb") (param i32 i32 i32) (result i32) (call $sdropw (call $cget)) (i32.const 0))
    ;; Calls the host and returns 1 at once, whether the host's answer is there or not (it never waits for it).
    (func (export "g") (result i32) (drop (call $h (i32.const 0))) (call $ret-u32 (i32.const 1)) (i32.const 0))
    (func (export "ok") (result i32) (call $ret-u32 (i32.const 7)) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "h" (func $h)) (export "snew" (func $snew)) (export "swrite" (func $swrite)) (export "sdropw" (func $sdropw))
    (export "ret-s" (func $ret-s)) (export "ret-u32" (func $ret-u32)) (export "cget" (func $cget)) (export "cset" (func $cset))
    (export "wsnew" (func $wsnew)) (export "join" (func $join))))))
  (func (export "s") async (result $S) (canon lift (core func $m "s") async (callback (core func $m "s-cb"))))
  (func (export "g") async (result u32) (canon lift (core func $m "g") async (callback (core func $m "cb"))))
  (func (export "ok") async (result u32) (canon lift (core func $m "ok") async (callback (core func $m "cb"))))
)`;

describe('a host function\'s bad value answered at once poisons the instance: another call\'s stream fails with that trap', () => {
  const BAD = /^g: import host \[async result\] returned a bad value: result of import host \[async result\]: expected u32 \(a number\), got string "x"$/;
  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    it(mode, async () => {
      const bytes = await assemble(PARKED_WAT);
      const c = mode === 'aot' ? await compileAot(bytes, []) : await Component.compile(bytes, { mode });
      type Parked = { s(): Promise<AsyncIterable<Uint8Array>>; g(): Promise<number>; ok(): Promise<number> };
      const read = async (s: AsyncIterable<Uint8Array>): Promise<number[]> => { const out: number[] = []; for await (const c of s) out.push(...c); return out; };
      // At once: g traps and poisons; s's JS call had settled, its stream's reader gets g's trap.
      const x = c.instantiate({ host: () => 'x' } as never).exports as unknown as Parked;
      const s = await bounded(x.s());
      await assert.rejects(bounded(x.g()), trap(BAD), 'g');
      await assert.rejects(bounded(read(s)), trap(BAD), 's\'s stream after g trapped');
      await assert.rejects(bounded(x.ok()), trap(POISONED), 'ok after g');
      // Through a Promise: g returned before the answer came, nothing is poisoned, s's stream reads to its end.
      const y = c.instantiate({ host: () => Promise.resolve('x') } as never).exports as unknown as Parked;
      const t = await bounded(y.s());
      assert.equal(await bounded(y.g()), 1);
      await new Promise((res) => setTimeout(res, 0));
      assert.deepEqual(await bounded(read(t)), [1, 2, 3]);
      assert.equal(await bounded(y.ok()), 7);
    });
  }
});
