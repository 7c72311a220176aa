// JS's reader of a stream from a component (README "Async", jco's shapes): `read({ count, dropAfterCopy })` and
// `next()`; a source's `{ value, done: true }` as its last chunk. That a guest's copy then completes with DROPPED
// and its count is asserted by the guests of jco-p3's readiness and synchronous-transmit (jco-p3-scenarios).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { streamComponent } from './stream-fixture.js';

type S = { read(o?: { count?: number; dropAfterCopy?: boolean }): Promise<IteratorResult<Uint8Array>>; next(): Promise<IteratorResult<Uint8Array>> };
type X = { produce(n: number): Promise<S>; consume(s: unknown): Promise<bigint> };

for (const mode of ['codegen', 'interp'] as const) {
  describe(`stream read options and last chunks (${mode})`, async () => {
    const c = await Component.compile(await streamComponent(), { mode });
    const make = (): X => c.instantiate({ host: (a: number) => a }).exports as unknown as X;

    it('read({ count }) takes at most count elements; dropAfterCopy ends the stream with its copy', async () => {
      const x = make();
      const s = await x.produce(10);
      assert.deepEqual(await s.read({ count: 3 }), { value: new Uint8Array([1, 1, 1]), done: false });
      assert.deepEqual(await s.read({ count: 4, dropAfterCopy: true }), { value: new Uint8Array([1, 1, 1, 1]), done: false });
      assert.deepEqual(await s.next(), { value: undefined, done: true });
      assert.deepEqual(await s.read(), { value: undefined, done: true });
      // The producer saw its reader go and ended: the instance takes the next call.
      let n = 0;
      for await (const ch of await x.produce(5) as unknown as AsyncIterable<Uint8Array>) n += ch.length;
      assert.equal(n, 5);
    });

    it('a count that is not a positive integer is a RangeError (the stream stays readable)', async () => {
      const s = await make().produce(2);
      for (const count of [0, -1, 1.5, Number.NaN]) await assert.rejects(s.read({ count }), RangeError);
      assert.deepEqual(await s.next(), { value: new Uint8Array([1, 1]), done: false });
    });

    it('a source\'s { value, done: true } is its last chunk; an array\'s last chunk is known as the last', async () => {
      const x = make();
      let pulls = 0;
      const src = {
        [Symbol.asyncIterator]() { return this; },
        async next(): Promise<IteratorResult<Uint8Array, Uint8Array>> {
          pulls++;
          return pulls === 1 ? { value: new Uint8Array([1, 2]), done: false } : { value: new Uint8Array([3, 4]), done: true };
        },
      };
      assert.equal(await x.consume(src), 10n);
      assert.equal(pulls, 2, 'not pulled again after its last chunk');
      assert.equal(await x.consume([new Uint8Array([5]), [6, 7]]), 18n);
      // A ReadableStream and an async generator end at their next pull, as before.
      assert.equal(await x.consume(new ReadableStream({ start(ctl) { ctl.enqueue(new Uint8Array([8])); ctl.close(); } })), 8n);
      assert.equal(await x.consume((async function* () { yield new Uint8Array([9]); })()), 9n);
    });
  });
}
