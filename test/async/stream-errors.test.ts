// Errors on JS's side of a stream or future JS passes to a guest (README "Async": errors of JS streams): a source
// that throws, a ReadableStream that errors, a chunk or value of the wrong type, a rejected Promise. The guest sees
// its writable end drop; the error rejects the Promise of the async call that passed it while that call is pending,
// else goes to the onStreamError handler; never an unhandled rejection (which ends a Node process) — in every mode.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, onStreamError } from '../../src/index.js';
import { relayComponent } from './relay-fixture.js';
import { streamComponent } from './stream-fixture.js';
import { compileAot } from '../support/wast-run-aot.js';

type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;
type Load = (bytes: Uint8Array) => Promise<() => Exports>;
/** The stream fixture's one import (unused here). */
const IMPORTS = { host: (a: number): number => a };

const MODES: readonly [string, Load][] = [
  ['codegen', async (b) => { const c = await Component.compile(b, { mode: 'codegen' }); return () => c.instantiate(IMPORTS).exports as Exports; }],
  ['interp', async (b) => { const c = await Component.compile(b, { mode: 'interp' }); return () => c.instantiate(IMPORTS).exports as Exports; }],
  ['aot', async (b) => { const c = await compileAot(b, []); return () => c.instantiate(IMPORTS).exports as Exports; }],
];

/** Runs `f` with the test runner's unhandled-rejection listeners set aside; returns what reached `onStreamError`
 *  and what escaped as unhandled rejections. */
async function observing(f: () => Promise<void>): Promise<{ handled: unknown[]; unhandled: unknown[] }> {
  const handled: unknown[] = [], unhandled: unknown[] = [];
  const saved = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const mine = (e: unknown): void => { unhandled.push(e); };
  process.on('unhandledRejection', mine);
  onStreamError((e) => { handled.push(e); });
  try {
    await f();
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    onStreamError(undefined);
    process.off('unhandledRejection', mine);
    for (const l of saved) process.on('unhandledRejection', l);
  }
  return { handled, unhandled };
}

async function readAll(s: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const c of s as AsyncIterable<ArrayLike<unknown>>) out.push(...Array.from(c));
  return out;
}

/** Settles to 'pending' when `p` has not settled within a few event-loop turns. */
function state(p: PromiseLike<unknown>): Promise<unknown> {
  return Promise.race([Promise.resolve(p).then(() => 'settled', () => 'rejected'), new Promise((ok) => setTimeout(() => ok('pending'), 20))]);
}

after(() => { onStreamError(undefined); });

for (const [mode, load] of MODES) {
  describe(`errors of JS streams and futures (${mode})`, () => {
    it('while the call that passed it is pending: a failing source rejects that call; the instance lives', async () => {
      const make = await load(await streamComponent());
      const x = make();
      const boom = new Error('source failed');
      async function* failing(): AsyncGenerator<Uint8Array> { yield new Uint8Array([1, 2]); throw boom; }
      const errored = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new Uint8Array([3])); c.error(boom); } });
      const r = await observing(async () => {
        await assert.rejects(x.consume!(failing()) as Promise<unknown>, (e) => e === boom);
        await assert.rejects(x.consume!(errored) as Promise<unknown>, (e) => e === boom);
        // A chunk of the wrong type: the TypeError names the parameter.
        await assert.rejects(x.consume!([new Uint8Array([1]), 'text']) as Promise<unknown>, (e) => e instanceof TypeError && /a stream chunk must be a Uint8Array/.test(e.message));
        // A rejected Promise as a future<u32>.
        await assert.rejects(x.answer!(Promise.reject(boom)) as Promise<unknown>, (e) => e === boom);
        await assert.rejects(x.consume!([[1, 300]]) as Promise<unknown>, (e) => e instanceof RangeError && /a stream chunk's element 1: 300 is not an integer in \[0, 255\]/.test(e.message));
        // A value of the wrong type is never coerced (no silent 0).
        await assert.rejects(x.answer!(Promise.resolve('seven')) as Promise<unknown>, (e) => e instanceof TypeError && /the future's value: expected a number, got string/.test(e.message));
        await assert.rejects(x.answer!(2 ** 32) as Promise<unknown>, (e) => e instanceof RangeError);
      });
      assert.deepEqual(r, { handled: [], unhandled: [] });
      assert.equal(await (x.consume!([new Uint8Array([4, 5])]) as Promise<unknown>), 9n);
      assert.equal(await (x.answer!(Promise.resolve(6)) as Promise<unknown>), 7);
    });

    it('after the call settled: the error goes to onStreamError, the guest sees its writer drop', async () => {
      const make = await load(await relayComponent('string', 8));
      const x = make();
      const boom = new Error('late failure');
      async function* failing(): AsyncGenerator<string[]> { yield ['a']; await new Promise((ok) => setTimeout(ok, 5)); throw boom; }
      const r = await observing(async () => {
        // relay returns its output stream at once (the call settles), then copies: the stream ends where it is.
        assert.deepEqual(await readAll(await x.relay!(failing())), ['a']);
        assert.deepEqual(await readAll(await x.relay!([['ok'], [42]])), ['ok']);
        assert.equal(await state(x.frelay!(Promise.reject(boom)) as PromiseLike<unknown>), 'pending');
        // A chunk that is not an array of elements; a future value of the wrong type (the relay leaves its own
        // future unwritten when its input's writer drops: it stays pending).
        assert.deepEqual(await readAll(await x.relay!(['not an array of strings', ['x']].values())), []);
        assert.equal(await state(make().frelay!(7) as PromiseLike<unknown>), 'pending');
      });
      assert.equal(r.unhandled.length, 0, String(r.unhandled));
      assert.equal(r.handled.length, 5, String(r.handled));
      assert.equal(r.handled[0], boom);
      assert.ok(r.handled[1] instanceof TypeError && /stream\.read elements.*expected string, got number 42/.test((r.handled[1] as Error).message), String(r.handled[1]));
      assert.equal(r.handled[2], boom);
      assert.ok(r.handled[3] instanceof TypeError && /a stream chunk must be an array of elements, got string/.test((r.handled[3] as Error).message), String(r.handled[3]));
      assert.ok(r.handled[4] instanceof TypeError && /future\.read elements.*expected string, got number 7/.test((r.handled[4] as Error).message), String(r.handled[4]));
      assert.deepEqual(await readAll(await x.relay!([['again']])), ['again']);
    });
  });
}

describe('onStreamError', () => {
  it('takes a function or undefined; a handler that throws is logged, never unhandled', async () => {
    assert.throws(() => onStreamError(42 as never), /onStreamError\(handler\): expected a function, got number 42/);
    const x = (await Component.compile(await relayComponent('string', 8))).instantiate({}).exports as Exports;
    const saved = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const unhandled: unknown[] = [];
    const mine = (e: unknown): void => { unhandled.push(e); };
    process.on('unhandledRejection', mine);
    const logged: unknown[][] = [];
    const error = console.error;
    console.error = (...a: unknown[]): void => { logged.push(a); };
    try {
      onStreamError(() => { throw new Error('handler bug'); });
      assert.deepEqual(await readAll(await x.relay!([['ok'], [1]])), ['ok']);
      onStreamError(undefined);
      assert.deepEqual(await readAll(await x.relay!([['ok'], [2]])), ['ok']);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      console.error = error;
      onStreamError(undefined);
      process.off('unhandledRejection', mine);
      for (const l of saved) process.on('unhandledRejection', l);
    }
    assert.deepEqual(unhandled, []);
    assert.equal(logged.length, 2);
    assert.ok(/handler bug/.test(String(logged[0]![1])));
    assert.ok(/expected string, got number 2/.test(String(logged[1]![1])));
  });
});
