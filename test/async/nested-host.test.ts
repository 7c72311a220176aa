// A host function of an async-lowered import (or of a sync lower of an async function) that itself calls an async
// export of a kumiki instance, the same one or another, awaiting it or not: that inner call is a JS call of its own.
// Only a kumiki callee called directly by the lower takes the lower's call (runtime/async/calls.ts takesCaller); the
// inner call once took it instead, so the outer call resolved with the inner call's value and the host function's own
// result (or Promise) was dropped, and the inner call gave JS `undefined` instead of a Promise. Every mode: codegen,
// interp, AOT, and fusion off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parkedWork } from '../../src/runtime/async/scheduler.js';
import { assemble } from '../support/build.js';
import { MODES_AND_UNFUSED, type Inst } from './compile-modes.js';

// The callee: add(a, b) returns a + b at once; slow(a) yields first, then returns a * 2.
const CALLEE = `(component
  (core func $ret (canon task.return (result u32)))
  (core func $cset (canon context.set i32 0))
  (core func $cget (canon context.get i32 0))
  (core module $M
    (import "" "ret" (func $ret (param i32)))
    (import "" "cset" (func $cset (param i32)))
    (import "" "cget" (func $cget (result i32)))
    (func (export "add") (param i32 i32) (result i32) (call $ret (i32.add (local.get 0) (local.get 1))) (i32.const 0))
    (func (export "slow") (param i32) (result i32) (call $cset (local.get 0)) (i32.const 1))
    (func (export "slow-cb") (param i32 i32 i32) (result i32) (call $ret (i32.mul (call $cget) (i32.const 2))) (i32.const 0))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret)) (export "cset" (func $cset)) (export "cget" (func $cget))))))
  (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add") async (callback (core func $m "never"))))
  (func (export "slow") async (param "a" u32) (result u32) (canon lift (core func $m "slow") async (callback (core func $m "slow-cb")))))`;

// The caller: run(a) (async) calls host(a) through an async lower and returns its result; runs(a) (sync) calls
// hsync(a), an async function lowered synchronously; add(a, b) and slow(a) (async) as the callee's, for the host to
// call.
const CALLER = `(component
  (import "host" (func $h async (param "a" u32) (result u32)))
  (import "hsync" (func $hs async (param "a" u32) (result u32)))
  (core module $L (memory (export "mem") 1))
  (core instance $l (instantiate $L))
  (alias core export $l "mem" (core memory $memory))
  (core func $host (canon lower (func $h) async (memory $memory)))
  (core func $hsync (canon lower (func $hs)))
  (core func $ret (canon task.return (result u32)))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core func $cset (canon context.set i32 0))
  (core func $cget (canon context.get i32 0))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "cset" (func $cset (param i32)))
    (import "" "cget" (func $cget (result i32)))
    (import "" "host" (func $host (param i32 i32) (result i32)))
    (import "" "hsync" (func $hsync (param i32) (result i32)))
    (import "" "ret" (func $ret (param i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    (func (export "run") (param $a i32) (result i32) (local $s i32) (local $ws i32)
      (local.set $s (call $host (local.get $a) (i32.const 64)))
      (if (i32.eq (local.get $s) (i32.const 2)) (then (call $ret (i32.load (i32.const 64))) (return (i32.const 0))))
      (if (i32.ne (i32.and (local.get $s) (i32.const 15)) (i32.const 1)) (then unreachable))
      (local.set $ws (call $wsnew))
      (call $join (i32.shr_u (local.get $s) (i32.const 4)) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "run-cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $p) (i32.const 2)) (then unreachable))
      (call $join (local.get $i) (i32.const 0))
      (call $sdrop (local.get $i))
      (call $ret (i32.load (i32.const 64)))
      (i32.const 0))
    (func (export "runs") (param $a i32) (result i32) (call $hsync (local.get $a)))
    (func (export "slow") (param i32) (result i32) (call $cset (local.get 0)) (i32.const 1))
    (func (export "slow-cb") (param i32 i32 i32) (result i32) (call $ret (i32.mul (call $cget) (i32.const 2))) (i32.const 0))
    (func (export "add") (param i32 i32) (result i32) (call $ret (i32.add (local.get 0) (local.get 1))) (i32.const 0))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "host" (func $host))
    (export "hsync" (func $hsync)) (export "ret" (func $ret)) (export "wsnew" (func $wsnew)) (export "join" (func $join))
    (export "sdrop" (func $sdrop)) (export "cset" (func $cset)) (export "cget" (func $cget))))))
  (func (export "run") async (param "a" u32) (result u32) (canon lift (core func $m "run") async (callback (core func $m "run-cb"))))
  (func (export "runs") (param "a" u32) (result u32) (canon lift (core func $m "runs")))
  (func (export "slow") async (param "a" u32) (result u32) (canon lift (core func $m "slow") async (callback (core func $m "slow-cb"))))
  (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add") async (callback (core func $m "never")))))`;

const COMPILE = MODES_AND_UNFUSED;

const [calleeBytes, callerBytes] = await Promise.all([assemble(CALLEE), assemble(CALLER)]);

type Callee = { add(a: number, b: number): Promise<number>; slow(a: number): Promise<number> };
type Caller = Callee & { run(a: number): Promise<number>; runs(a: number): number };

/** What a call gave: its value, or its error's class and message. */
async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/**
 * One run: the host function, chosen by its argument, calls `other` (the callee instance, or the caller itself with
 * `same`), awaiting the call or not; every inner call must give JS a Promise of its own value.
 */
async function nestedRun(compile: (b: Uint8Array) => Promise<Inst>, same: boolean): Promise<unknown[]> {
  const inner: unknown[] = [];
  let other: Callee | undefined;
  const watch = (p: Promise<number>): Promise<number> => {
    // The inner call is a JS call: a Promise, settling with its own value.
    inner.push(p instanceof Promise ? 'promise' : `not a Promise: ${String(p)}`);
    void p.then((v) => { inner.push(v); }, (e: unknown) => { inner.push(String(e)); });
    return p;
  };
  const host = (a: number): unknown => {
    switch (a) {
      case 1: void watch(other!.add(a, 1)); return 7;
      case 2: return (async () => (await watch(other!.add(a, 1))) * 10)();
      case 3: return (async () => (await watch(other!.slow(a))) + 1)();
      case 4: return watch(other!.add(a, 1));
      default: return a;
    }
  };
  const hsync = (a: number): number => { void watch(other!.add(a, 100)); return a + 1000; };
  const x = (await compile(callerBytes)).instantiate({ host, hsync }).exports as Caller;
  other = same ? x : (await compile(calleeBytes)).instantiate({}).exports as Callee;
  const out: unknown[] = [];
  for (const a of [1, 2, 3, 4, 5, 1, 2]) out.push(await outcome(() => x.run(a)));
  // Two calls at once, each with its own inner call.
  out.push(await outcome(() => Promise.all([x.run(2), x.run(3)])));
  if (!same) out.push(await outcome(() => x.runs(5)));
  await new Promise((r) => setTimeout(r, 5));
  out.push(inner);
  return out;
}

describe('a host function that calls a kumiki async export makes a call of its own (every mode alike)', () => {
  const runs = new Map<string, unknown[]>();
  for (const [mode, compile] of COMPILE) {
    for (const same of [false, true]) {
      const where = same ? 'the same instance' : 'another instance';
      it(`${where} (${mode})`, async () => {
        const r = await nestedRun(compile, same);
        const v = (value: unknown): unknown => ({ value });
        assert.deepEqual(r.slice(0, 8), [v(7), v(30), v(7), v(5), v(5), v(7), v(30), v([30, 7])]);
        if (!same) assert.deepEqual(r[8], v(1005));
        const inner = r[r.length - 1] as unknown[];
        // Every inner call gave a Promise, which settled with its own value (order: as they settled).
        assert.equal(inner.filter((s) => s === 'promise').length, same ? 8 : 9, JSON.stringify(inner));
        assert.deepEqual(inner.filter((s) => s !== 'promise').map(Number).sort((a, b) => a - b),
          (same ? [2, 2, 3, 3, 5, 6, 3, 6] : [2, 2, 3, 3, 5, 6, 3, 6, 105]).sort((a, b) => a - b));
        assert.equal(parkedWork().parked, 0, 'nothing left parked');
        runs.set(`${mode} ${where}`, r);
      });
    }
  }
  it('every mode gives the same values', () => {
    for (const [k, r] of runs) assert.deepEqual(r, runs.get(k.endsWith('same instance') ? 'codegen the same instance' : 'codegen another instance'), k);
  });
});
