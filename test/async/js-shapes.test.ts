// Async exports from JS (README "Async"): Promises, stream<u8> as an async iterable of Uint8Array chunks with
// toReadableStream(), streams from async iterables / ReadableStreams / arrays of chunks, futures as Promise-likes,
// error-context as an Error; the same in codegen and interp adapters (no JSPI anywhere: callback lifts only).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { streamComponent } from './stream-fixture.js';

const bytes = await streamComponent();

for (const mode of ['codegen', 'interp'] as const) {
  describe(`async JS shapes (${mode})`, () => {
    const load = async (): Promise<Record<string, (...a: unknown[]) => unknown>> => (await Component.compile(bytes, { mode })).instantiate({ host: async (a: number) => a + 1 }).exports as never;

    it('an async export returns a Promise of its result', async () => {
      const x = await load();
      const p = x.add!(2, 40);
      assert.ok(p instanceof Promise);
      assert.equal(await p, 42);
      assert.equal(x.addSync!(2, 40), 42);
    });

    it('an async import: the host function may return a Promise or a value', async () => {
      const x = await load();
      assert.equal(await x.roundTrip!(41), 42);
      const y = (await Component.compile(bytes, { mode })).instantiate({ host: (a: number) => a * 2 }).exports as Record<string, (...a: unknown[]) => unknown>;
      assert.equal(await y.roundTrip!(21), 42);
    });

    it('stream<u8> from the guest: Uint8Array chunks, all bytes, any chunking', async () => {
      const x = await load();
      const s = await x.produce!(200_000) as AsyncIterable<Uint8Array>;
      let n = 0, sum = 0;
      for await (const c of s) {
        assert.ok(c instanceof Uint8Array);
        n += c.length;
        for (const b of c) sum += b;
      }
      assert.equal(n, 200_000);
      assert.equal(sum, 200_000);
    });

    it('stream<u8> converts to a web ReadableStream', async () => {
      const x = await load();
      const s = await x.produce!(1000) as { toReadableStream(): ReadableStream<Uint8Array> };
      let n = 0;
      for await (const c of s.toReadableStream() as unknown as AsyncIterable<Uint8Array>) n += c.length;
      assert.equal(n, 1000);
    });

    it('stream<u8> into the guest from an async generator, a ReadableStream, an array of chunks', async () => {
      const x = await load();
      async function* gen(): AsyncGenerator<Uint8Array> { yield new Uint8Array([1, 2, 3]); yield new Uint8Array(70_000).fill(2); }
      assert.equal(await x.consume!(gen()), 6n + 140_000n);
      const rs = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new Uint8Array([5, 5])); c.close(); } });
      assert.equal(await x.consume!(rs), 10n);
      assert.equal(await x.consume!([new Uint8Array([7]), [1, 1]]), 9n);
    });

    it('a stream from the guest passed back into the guest', async () => {
      const x = await load();
      assert.equal(await x.consume!(await x.produce!(5000)), 5000n);
    });

    it('future<u32>: a Promise-like from the guest; a Promise or value into it', async () => {
      const x = await load();
      // A future is a thenable: as an async export's whole result the Promise adopts it (one await gives the value).
      const p = x.give!(41) as Promise<number>;
      assert.equal(await p, 41);
      assert.equal(await x.answer!(Promise.resolve(9)), 10);
      assert.equal(await x.answer!(1), 2);
    });

    it('a wrong value where a stream is expected is a TypeError naming the parameter', async () => {
      const x = await load();
      await assert.rejects(async () => x.consume!(42), (e: unknown) => e instanceof TypeError && /expected a stream/.test((e as Error).message));
    });
  });
}
