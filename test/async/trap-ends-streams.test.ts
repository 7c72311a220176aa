// A guest that returns a stream or a future and then traps (after task.return, on its next callback): the JS
// reader of what it returned gets the trap instead of waiting forever. A poisoned instance tells the JS peers of the
// stream and future ends it holds (runtime/async/task.ts AsyncInstance, copy.ts SharedStream.fail); guest peers are
// left as the spec has them. Every mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../support/wast-run-aot.js';

const WAT = `(component
  (type $S (stream u8))
  (type $F (future u32))
  (core func $stream.new (canon stream.new $S))
  (core func $future.new (canon future.new $F))
  (core func $ret-stream (canon task.return (result $S)))
  (core func $ret-future (canon task.return (result $F)))
  (core module $M
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "future.new" (func $future.new (result i64)))
    (import "" "ret-stream" (func $ret-stream (param i32)))
    (import "" "ret-future" (func $ret-future (param i32)))
    ;; Return the readable end, keep the writable one, and yield (callback code 1): the next callback traps.
    (func (export "stream-then-trap") (result i32)
      (call $ret-stream (i32.wrap_i64 (call $stream.new)))
      (i32.const 1))
    (func (export "future-then-trap") (result i32)
      (call $ret-future (i32.wrap_i64 (call $future.new)))
      (i32.const 1))
    (func (export "trap") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance
    (export "stream.new" (func $stream.new)) (export "future.new" (func $future.new))
    (export "ret-stream" (func $ret-stream)) (export "ret-future" (func $ret-future))))))
  (func (export "stream-then-trap") async (result $S) (canon lift (core func $m "stream-then-trap") async (callback (core func $m "trap"))))
  (func (export "future-then-trap") async (result $F) (canon lift (core func $m "future-then-trap") async (callback (core func $m "trap"))))
)`;

/** `p`, or a rejection after `ms` (a hang is a failure, not a timeout of the whole test run). */
function bounded<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => { t = setTimeout(() => reject(new Error(`no answer in ${ms} ms (a hang)`)), ms); })]).finally(() => clearTimeout(t));
}

type Api = { streamThenTrap(): Promise<AsyncIterable<Uint8Array>>; futureThenTrap(): Promise<number> };
const isTrap = (e: unknown): boolean => e instanceof Trap && /unreachable/.test((e as Error).message);

describe('a guest that traps after returning a stream or future: the JS reader gets the trap', () => {
  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    it(mode, async () => {
      const bytes = await assemble(WAT);
      const c = mode === 'aot' ? await compileAot(bytes, []) : await Component.compile(bytes, { mode });
      const x = c.instantiate({}).exports as unknown as Api;
      const s = await x.streamThenTrap();
      await assert.rejects(bounded((async () => { for await (const _ of s) { /* nothing is ever written */ } })()), isTrap);
      // A future result is a thenable: the call's Promise adopts it, so the call itself rejects with the trap.
      const y = c.instantiate({}).exports as unknown as Api;
      await assert.rejects(bounded(y.futureThenTrap()), isTrap);
    });
  }
});
