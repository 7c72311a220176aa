// JSPI at a synchronous lower of an async import whose host function returns a Promise (issue 12, "Build" 2): where
// the host has JSPI (the pinned Node 24: jspi-node.test.ts runs this file there too) the guest's stack suspends
// until the Promise settles; without it (Node 20) the call fails with the JSPI UnsupportedError naming the import —
// never a hang, never a wrong value. A host value (no Promise) needs no JSPI anywhere. The same for a synchronous lift
// of an async function with parameters whose core code blocks there: the arguments are lowered once (one realloc).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, UnsupportedError } from '../../src/index.js';
import { JSPI } from '../../src/runtime/async/jspi.js';
import { assemble } from '../support/build.js';

// run(a) is an async (callback-lifted) export whose core code calls the async import host(a) through a synchronous
// lower, then returns host(a) + 1 and exits.
const WAT = `(component
  (import "host" (func $host async (param "a" u32) (result u32)))
  (core func $host (canon lower (func $host)))
  (core func $ret (canon task.return (result u32)))
  (core module $M
    (import "" "host" (func $host (param i32) (result i32)))
    (import "" "ret" (func $ret (param i32)))
    (func (export "run") (param $a i32) (result i32)
      (call $ret (i32.add (call $host (local.get $a)) (i32.const 1)))
      (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "host" (func $host)) (export "ret" (func $ret))))))
  (func (export "run") async (param "a" u32) (result u32) (canon lift (core func $m "run") async (callback (core func $m "cb")))))`;

// len(s) is an async function type lifted without `async`: its core code, given the string (copied in by realloc,
// which counts its calls), calls host(len) through a synchronous lower and returns host(len) + 1000 × the realloc
// calls of this call.
const LIFT_WAT = `(component
  (import "host" (func $host async (param "a" u32) (result u32)))
  (core func $host (canon lower (func $host)))
  (core module $M
    (import "" "host" (func $host (param i32) (result i32)))
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (global $n (mut i32) (i32.const 0))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (i32.sub (global.get $next) (local.get 3)))
    (func (export "len") (param $p i32) (param $l i32) (result i32)
      (local $r i32)
      (local.set $r (i32.add (call $host (local.get $l)) (i32.mul (global.get $n) (i32.const 1000))))
      (global.set $n (i32.const 0))
      (local.get $r)))
  (core instance $m (instantiate $M (with "" (instance (export "host" (func $host))))))
  (func (export "len") async (param "s" string) (result u32)
    (canon lift (core func $m "len") (memory (core memory $m "mem")) (realloc (core func $m "realloc")))))`;

const bytes = await assemble(WAT);
const liftBytes = await assemble(LIFT_WAT);
const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), 5));

for (const mode of ['codegen', 'interp'] as const) {
  describe(`a synchronous lift of an async function with parameters whose core code blocks (${mode}, JSPI ${JSPI ? 'on' : 'off'})`, () => {
    const load = async (host: (a: number) => unknown): Promise<{ len(s: string): Promise<number> }> =>
      (await Component.compile(liftBytes, { mode })).instantiate({ host }).exports as never;

    it('a value from the host needs no JSPI', async () => {
      const x = await load((a) => a * 2);
      assert.equal(await x.len('hello'), 1010);
    });

    it(JSPI ? 'suspends its core code under promising, its arguments lowered once' : 'is the JSPI UnsupportedError', async () => {
      const x = await load((a) => later(a * 2));
      if (JSPI) {
        assert.equal(await x.len('hello'), 1010);
        // Two at once: the second enters once the first has returned (a synchronously lifted task holds the instance).
        assert.deepEqual(await Promise.all([x.len('ab'), x.len('abcd')]), [1004, 1008]);
      } else {
        await assert.rejects(x.len('hello'), (e: unknown) => e instanceof UnsupportedError && /JSPI/.test(e.message));
      }
    });

    it('a rejected Promise fails the call (never a value)', async () => {
      const x = await load(() => Promise.reject(new Error('host says no')));
      await assert.rejects(x.len('hi'), (e: unknown) => e instanceof Error && (JSPI ? /host says no/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`) : e instanceof UnsupportedError));
    });
  });


  describe(`a synchronous lower of an async import whose host returns a Promise (${mode}, JSPI ${JSPI ? 'on' : 'off'})`, () => {
    const load = async (host: (a: number) => unknown): Promise<{ run(a: number): Promise<number> }> =>
      (await Component.compile(bytes, { mode })).instantiate({ host }).exports as never;

    it('a value from the host needs no JSPI', async () => {
      const x = await load((a) => a * 2);
      assert.equal(await x.run(20), 41);
    });

    it(JSPI ? 'suspends the guest until the Promise settles' : 'is the JSPI UnsupportedError, naming the import', async () => {
      const x = await load((a) => later(a * 2));
      if (JSPI) {
        assert.equal(await x.run(20), 41);
        // Twice in a row and two at once: each call suspends and resumes its own stack.
        assert.deepEqual(await Promise.all([x.run(1), x.run(2)]), [3, 5]);
      } else {
        await assert.rejects(x.run(20), (e: unknown) => e instanceof UnsupportedError && /host/.test(e.message) && /JSPI/.test(e.message));
      }
    });

    it('a rejected Promise fails the call (never a value)', async () => {
      const x = await load(() => Promise.reject(new Error('host says no')));
      await assert.rejects(x.run(1), (e: unknown) => e instanceof Error && (JSPI ? /host says no/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`) : e instanceof UnsupportedError));
    });
  });
}
