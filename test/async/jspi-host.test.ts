// JSPI at a synchronous lower of an async import whose host function returns a Promise (issue 12, "Build" 2): where
// the host has JSPI (the pinned Node 24: jspi-node.test.ts runs this file there too) the guest's stack suspends
// until the Promise settles; without it (Node 20) the call fails with the JSPI UnsupportedError naming the import —
// never a hang, never a wrong value. A host value (no Promise) needs no JSPI anywhere.
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

const bytes = await assemble(WAT);
const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), 5));

for (const mode of ['codegen', 'interp'] as const) {
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
