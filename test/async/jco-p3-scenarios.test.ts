// jco-p3 scenarios other than round-trip (wasmtime's component-async-tests tests/scenario/*.rs, jco's ported
// component-async/*.ts): each caller/callee pair linked through JS and fused, each in codegen, interp and AOT mode,
// with the host imports wasmtime's test host gives (ready/continue/yield/resource-stream/borrowing-types/sleep) and
// its assertions. `run` is called three times at once where wasmtime's `test_run` does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap, UnsupportedError, ValidationError } from '../../src/index.js';
import type { StreamValue } from '../../src/runtime/async/values.js';
import { bounded, FEATURES, isJspiError, JSPI, LINKS, MODES, p3, pair, single, SKIP, yieldTimes, type Api, type Link, type Mode } from './jco-p3-support.js';

/** wasmtime's yield_runner host: `local:local/ready` things and the `continue` flag (one host per instance graph). */
function readyHost(): Record<string, unknown> {
  class Thing {
    #wakers: Array<() => void> | undefined;
    setReady(ready: boolean): void {
      if (ready) {
        const w = this.#wakers;
        this.#wakers = undefined;
        for (const f of w ?? []) f();
      } else this.#wakers ??= [];
    }
    whenReady(): Promise<void> | undefined {
      const w = this.#wakers;
      return w === undefined ? undefined : new Promise<void>((r) => w.push(r));
    }
  }
  let cont = false;
  return {
    'local:local/ready': { Thing },
    'local:local/continue': { setContinue: (v: boolean) => { cont = v; }, getContinue: () => cont },
    'local:local/yield': { yieldTimes: (n: bigint) => yieldTimes(Number(n)) },
  };
}

/** `run(true)` of the borrowing scenario traps on the handle used after its borrow ended: in the call, or after it
 *  returned (then the instance is poisoned and the next call reports that trap). */
async function expectUnknownHandle(api: Api): Promise<void> {
  const unknown = (e: unknown): boolean => e instanceof Trap && /unknown handle index/.test((e as Error).message);
  try { await api['local:local/run-bool'].run(true); } catch (e) { assert.ok(unknown(e), String(e)); return; }
  await yieldTimes(5);
  await assert.rejects(api['local:local/run-bool'].run(false), unknown);
}

/** Three concurrent calls of `local:local/run#run`, as wasmtime's test_run. */
async function run3(api: Api): Promise<void> {
  await Promise.all([0, 1, 2].map(() => api['local:local/run'].run()));
}

/** A Promise and its resolve (Promise.withResolvers is not in Node 20). */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/** A stream source as jco's port of wasmtime's producers: after `gate` and ten microtask turns, one chunk that is
 *  also the last (`{ value, done: true }`); then done. */
function lastChunkLater(chunk: Uint8Array, gate: Promise<void> = Promise.resolve()): AsyncIterable<Uint8Array> {
  let delivered = false;
  const it: AsyncIterator<Uint8Array> & AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() { return it; },
    async next() {
      if (delivered) return { value: undefined, done: true };
      await gate;
      await yieldTimes(10);
      delivered = true;
      return { value: chunk, done: true };
    },
  };
  return it;
}

function runIn(mode: Mode, link: Link, name: string, a: { todo?: string } | (() => Promise<void>), b?: () => Promise<void>): void {
  const [options, body] = typeof a === 'function' ? [{}, a] : [a, b!];
  it(`${name} (${link === 'js' ? 'linked through JS' : 'fused'})`, options, body);
  void mode;
}

for (const mode of MODES as readonly Mode[]) {
  describe(`jco-p3 scenarios (${mode})`, { skip: SKIP }, () => {
    for (const link of LINKS) {
      runIn(mode, link, 'backpressure: caller & callee', async () => {
        const { api, fused } = await pair('backpressure/async-backpressure-caller.wasm', 'backpressure/async-backpressure-callee.wasm', ['local:local/backpressure', 'local:local/run'], link, mode);
        // run's async call fuses; the callee's sync exports are wrapped for their fresh context slots (it uses
        // context.get/set), which keeps them on the JS path.
        assert.equal(fused, link === 'fused' ? 1 : 0);
        await run3(api);
      });

      runIn(mode, link, 'borrowing: caller & callee; a misbehaving callee traps with an unknown handle', async () => {
        let calls = 0;
        class X { foo(): void { calls++; } }
        const imports = { 'local:local/borrowing-types': { X } };
        const files = ['general/async-borrowing-caller.wasm', 'general/async-borrowing-callee.wasm'] as const;
        const { api: ok, fused } = await pair(...files, ['local:local/borrowing'], link, mode, imports);
        assert.equal(fused, 0, 'a borrow crossing into an async task keeps the JS path');
        await Promise.all([0, 1, 2].map(() => ok['local:local/run-bool'].run(false)));
        assert.equal(calls, 3, 'X#foo once per run');
        // The callee keeps the borrowed handle in a task it spawns and uses it after returning (wasmtime: "unknown
        // handle index"): the call rejects, or (when the spawned task runs after the return) the instance is poisoned.
        const bad = (await pair(...files, ['local:local/borrowing'], link, mode, imports)).api;
        await expectUnknownHandle(bad);
      });

      runIn(mode, link, 'error-context: caller & callee', async () => {
        const { api, fused } = await pair('error-context/async-error-context-caller.wasm', 'error-context/async-error-context-callee.wasm', ['local:local/run-result'], link, mode);
        assert.equal(fused, link === 'fused' ? 1 : 0);
        await run3(api);
      });

      runIn(mode, link, 'post-return: caller & callee', async () => {
        const { api, fused } = await pair('general/async-post-return-caller.wasm', 'general/async-post-return-callee.wasm', ['local:local/post-return'], link, mode);
        assert.equal(fused, link === 'fused' ? 1 : 0, 'get-post-return-value fuses; the callee lifts foo without `async`: the JS path');
        await run3(api);
      });

      runIn(mode, link, 'sleep-post-return: caller & callee (the callee sleeps after returning)', async () => {
        const seen: bigint[] = [];
        const sleepMillis = async (ms: bigint): Promise<void> => { seen.push(ms); await new Promise((r) => setTimeout(r, Number(ms))); };
        const { api, fused } = await pair('general/async-sleep-post-return-caller.wasm', 'general/async-sleep-post-return-callee.wasm', ['local:local/sleep-post-return'], link, mode, { 'local:local/sleep': { sleepMillis } });
        assert.equal(fused, link === 'fused' ? 1 : 0);
        assert.equal(await api['local:local/sleep-post-return'].run(20n), undefined);
        for (let i = 0; i < 200 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual([...seen].sort(), [20n, 40n, 40n], 'jco: sleeps of 2×, 2× and 1× the time');
      });

      // This build of the caller reads its stream<_> with a buffer of 2^32-1 elements: the Canonical ABI (BufferGuestImpl:
      // trap_if(length > MAX_LENGTH)) and current wasmtime (Trap::StreamOpTooBig) trap; jco does not check (it runs).
      runIn(mode, link, 'unit-stream: caller & callee (the caller\'s read of 2^32-1 units traps as the spec says)', async () => {
        const { api, fused } = await pair('streams/async-unit-stream-caller.wasm', 'streams/async-unit-stream-callee.wasm', ['local:local/unit-stream'], link, mode);
        assert.equal(fused, link === 'fused' ? 1 : 0);
        await assert.rejects(api['local:local/run'].run(), (e: unknown) => e instanceof Trap && /buffer length 4294967295 is over the limit of 2\^28-1 elements/.test((e as Error).message));
      });

      // stream<string> and future<string> between the instances (each copy lifts and lowers its elements); the
      // caller asserts every value it receives and each end's drop (wasmtime's transmit test).
      runIn(mode, link, 'transmit: caller & callee', async () => {
        const { api, fused } = await pair('general/async-transmit-caller.wasm', 'general/async-transmit-callee.wasm', ['local:local/transmit'], link, mode);
        // exchange's stream/future parameters are not a shape fused adapters cover (abi/fuse-shape.ts): the call
        // crosses through JS; the element copies of the streams still go memory to memory.
        assert.equal(fused, 0);
        await run3(api);
      });

      runIn(mode, link, 'yield: caller & stackless callee', async () => {
        const { api, fused } = await pair('yield/async-yield-caller.wasm', 'yield/async-yield-callee-stackless.wasm', ['local:local/run'], link, mode, readyHost());
        assert.equal(fused, link === 'fused' ? 1 : 0);
        await run3(api);
      });
    }

    it('yield: the synchronous callee encodes the removed `cancellable` byte and is rejected (component-model #716)', async () => {
      await assert.rejects(Component.compile(p3('yield/async-yield-callee-synchronous.wasm'), { features: FEATURES }), (e: unknown) => e instanceof ValidationError && /#716/.test((e as Error).message));
    });

    it('borrowing: the callee alone (the host lends X); misbehaving traps', async () => {
      let calls = 0;
      class X { foo(): void { calls++; } }
      const api = await single('general/async-borrowing-callee.wasm', mode, { 'local:local/borrowing-types': { X } });
      await Promise.all([0, 1, 2].map(() => api['local:local/run-bool'].run(false)));
      assert.equal(calls, 3);
      // Here the misuse happens after `run` returned: the trap poisons the instance (the next call reports it).
      await expectUnknownHandle(await single('general/async-borrowing-callee.wasm', mode, { 'local:local/borrowing-types': { X } }));
    });

    it('error-context: one component', async () => run3(await single('error-context/async-error-context.wasm', mode)));

    it('sleep-post-return: the callee alone', async () => {
      const seen: bigint[] = [];
      const sleepMillis = async (ms: bigint): Promise<void> => { seen.push(ms); await new Promise((r) => setTimeout(r, Number(ms))); };
      const api = await single('general/async-sleep-post-return-callee.wasm', mode, { 'local:local/sleep': { sleepMillis } });
      assert.equal(await api['local:local/sleep-post-return'].run(20n), undefined);
      for (let i = 0; i < 200 && seen.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, [20n]);
    });

    it('intertask-communication: two runs at once (one waits for the other\'s future write), twice', async () => {
      const api = await single('general/async-intertask-communication.wasm', mode);
      for (let i = 0; i < 2; i++) await Promise.all([api['local:local/run'].run(), api['local:local/run'].run()]);
    });

    it('poll: stackless', async () => run3(await single('poll/async-poll-stackless.wasm', mode, readyHost())));

    // The sync-lifted task expects its thread.yield to let the host's when-ready Promise settle: only a suspended
    // stack (JSPI) gives the event loop a turn. Without JSPI the yield returns at once and the guest's own assertion
    // fails (a Trap: `unreachable`), not a hang.
    it('poll: synchronous (thread.yield must let the host answer)', async (t) => {
      const api = await single('poll/async-poll-synchronous.wasm', mode, readyHost());
      if (!JSPI) {
        await assert.rejects(api['local:local/run'].run(), (e: unknown) => e instanceof Trap || isJspiError(e));
        return;
      }
      try {
        await bounded(run3(api), 5000);
      } catch (e) {
        if (!(e instanceof UnsupportedError)) throw e;
        t.todo(`with JSPI: ${e.message}`);
      }
    });

    // The guest reads `count` (7) owned X from the host's stream and calls x.foo() on each; it panics on too many
    // or too few (wasmtime's read_resource_stream).
    it('read-resource-stream: a stream<own<x>> from the host', async () => {
      let calls = 0;
      const counts: number[] = [];
      class X { foo(): void { calls++; } }
      const foo = (count: number): unknown => { counts.push(count); return [Array.from({ length: count }, () => new X())]; };
      const api = await single('streams/async-read-resource-stream.wasm', mode, { 'local:local/resource-stream': { X, foo } });
      await run3(api);
      assert.deepEqual(counts, [7, 7, 7]);
      assert.equal(calls, 21, 'x.foo() once per element the guest read');
    });

    it('closed-streams: a stream<u8> and a future<u8> from JS, read by the guest', async () => {
      const api = (await single('streams/async-closed-streams.wasm', mode))['local:local/closed'];
      async function* values(): AsyncGenerator<Uint8Array> { for (const v of [42, 43, 44]) { await yieldTimes(1); yield new Uint8Array([v]); } }
      await api.readStream(values(), new Uint8Array([42, 43, 44]));
      await api.readFuture(Promise.resolve(42), 42, new Promise(() => {}));
    });

    // The guest asserts that its one read returns `DROPPED | 5` and its one write `DROPPED | 5`: wasmtime's test host
    // (ReadinessProducer/Consumer) copies and ends its side within that same copy (StreamResult::Dropped). JS says
    // the same as in jco's port of the test: a source's `{ value, done: true }` is its last chunk, and
    // `read({ count, dropAfterCopy: true })` ends the reader with the copy (copy.ts SharedStream.copy).
    it('readiness: a delayed stream<u8> in, the guest\'s stream<u8> out', async () => {
      const api = (await single('general/async-readiness.wasm', mode))['local:local/readiness'];
      const expected = new Uint8Array([2, 4, 6, 8, 9]);
      for (let round = 0; round < 2; round++) {
        // After the guest's zero-length read (readiness) is pending, the one chunk arrives, marked as the last.
        const [rx, back] = await api.start(lastChunkLater(expected), expected) as [StreamValue, Uint8Array];
        assert.deepEqual(back, new Uint8Array([1, 3, 5, 7, 11]));
        await yieldTimes(10);
        const r = await bounded(rx.read({ count: back.length, dropAfterCopy: true }));
        assert.deepEqual(r, { value: back, done: false });
        assert.deepEqual(await rx.next(), { value: undefined, done: true });
        await yieldTimes(5); // the guest's task ends after its DROPPED|5 checks held (else the next call sees a trap)
      }
      // An array's last chunk is known as the last, too.
      const [rx] = await api.start([expected], expected) as [StreamValue, Uint8Array];
      assert.deepEqual((await bounded(rx.read({ count: 5, dropAfterCopy: true }))).done, false);
      await yieldTimes(5);
      await api.start([expected], expected); // not poisoned
    });

    // After returning (and yielding), the callback task reads and writes synchronously and asserts `DROPPED | 5` for
    // both, as readiness does (wasmtime's BufferStreamProducer and Consumer end their side within the copy), then
    // `COMPLETED` for a future read and write. As in wasmtime's test the stream's chunk and the future's value come
    // ten turns later (jco's port: JS's reader is waiting by then), so the guest's synchronous copies block: with
    // JSPI they suspend and the scenario passes; without it the blocking copy is the JSPI UnsupportedError, which
    // poisons the instance and reaches JS's reader (never a hang or a wrong value).
    it('synchronous-transmit: a stream<u8> and a future<u8> through synchronous copies', async () => {
      const api = (await single('general/async-synchronous-transmit.wasm', mode))['local:local/synchronous-transmit'];
      const expected = new Uint8Array([2, 4, 6, 8, 9]);
      const run = async (): Promise<void> => {
        const streamGate = gate();
        const futureGate = gate();
        const future = futureGate.promise.then(() => yieldTimes(10)).then(() => 10);
        const [rx, back, fut, n] = await api.start(lastChunkLater(expected, streamGate.promise), expected, future, 10) as [StreamValue, Uint8Array, PromiseLike<number>, number];
        assert.deepEqual(back, new Uint8Array([1, 3, 5, 7, 11]));
        assert.equal(n, 13);
        const read = rx.read({ count: back.length, dropAfterCopy: true });
        streamGate.resolve();
        futureGate.resolve();
        const [r, v] = await bounded(Promise.all([read, Promise.resolve(fut)]), 2000);
        assert.deepEqual(r, { value: back, done: false });
        assert.equal(v, n);
        assert.deepEqual(await rx.next(), { value: undefined, done: true });
        await yieldTimes(5);
      };
      if (!JSPI) {
        await assert.rejects(run(), isJspiError);
        return;
      }
      await run();
      await run(); // the instance is not poisoned: the guest's checks held
    });

    // The guest reads the stream of its own `thing`s one element at a time and writes each back (wasmtime's short_reads).
    it('short-reads: a stream<own<thing>> read one at a time', async () => {
      const x = (await single('general/async-short-reads.wasm', mode))['local:local/short-reads'];
      const strings = ['a', 'b', 'c', 'd', 'e'];
      const things = strings.map((s) => new x.Thing(s));
      const out = await x.shortReads([things]) as AsyncIterable<unknown[]>;
      const got: string[] = [];
      await bounded((async () => { for await (const c of out) for (const t of c) got.push(await (t as { get(): Promise<string> }).get()); })());
      assert.deepEqual(got, strings);
    });

    it('closed-stream: get() gives a stream that ends at once', async () => {
      const api = await single('streams/async-closed-stream.wasm', mode);
      const s = api['local:local/closed-stream'].get() as AsyncIterable<Uint8Array>;
      const it = s[Symbol.asyncIterator]();
      assert.deepEqual(await it.next(), { value: undefined, done: true });
    });
  });
}

