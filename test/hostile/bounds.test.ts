// Issue 10, point 5: bounded work. A 2 MiB guest returning 100,000 list entries that alias one 1 MB string would
// lift 100 GB into JS; the per-call cap on bytes lifted (`maxLiftBytes`, default 256 MiB) turns that into a Trap.
// The count restarts with every call.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../../src/index.js';
import { witComponent } from '../support/build.js';
import { engine, err, MODES, type Engine } from './engines.js';

const CAP_WIT = `package kumiki:cap;
interface api {
  many: func() -> list<string>;
  sized: func(n: u32) -> string;
  bytes: func(n: u32) -> list<u8>;
  ok: func() -> u32;
}
world cap { export api; }`;

const A = 'kumiki:cap/api#';
// 32 pages = 2 MiB. The list's entries sit at 16.., the shared string at 1,000,000 (1,000,000 NUL bytes: valid UTF-8).
const CAP_CORE = `(module
  (memory (export "memory") 32)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "${A}many") (result i32) (local $i i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 100000))
    (loop $l
      (i32.store (i32.add (i32.const 16) (i32.shl (local.get $i) (i32.const 3))) (i32.const 1000000))
      (i32.store (i32.add (i32.const 20) (i32.shl (local.get $i) (i32.const 3))) (i32.const 1000000))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
    (i32.const 0))
  (func (export "${A}sized") (param $n i32) (result i32)
    (i32.store (i32.const 0) (i32.const 1000000))
    (i32.store (i32.const 4) (local.get $n))
    (i32.const 0))
  (func (export "${A}bytes") (param $n i32) (result i32)
    (i32.store (i32.const 0) (i32.const 1000000))
    (i32.store (i32.const 4) (local.get $n))
    (i32.const 0))
  (func (export "${A}ok") (result i32) (i32.const 42))
)`;

type Api = { many(): string[]; sized(n: number): string; bytes(n: number): Uint8Array; ok(): number };

for (const mode of MODES) {
  describe(`hostile bounds: ${mode}`, () => {
    let bytes: Uint8Array;
    let small: Engine;
    before(async () => {
      bytes = await witComponent(CAP_WIT, 'cap', CAP_CORE);
      small = await engine(bytes, mode, { maxLiftBytes: 8 * 2 ** 20 });
    });

    it('100,000 entries aliasing one 1 MB string trap at the cap instead of exhausting the heap', () => {
      const api = small.instantiate().api as unknown as Api;
      assert.throws(() => api.many(), err(Trap, /more than 8388608 bytes lifted into JS values in one call \(the maxLiftBytes limit\)/));
      assert.throws(() => api.ok(), err(Trap, /poisoned/));
    });

    it('the count is per call; strings and byte lists both count', async () => {
      const e = await engine(bytes, mode, { maxLiftBytes: 1000 });
      const api = e.instantiate().api as unknown as Api;
      for (let i = 0; i < 5; i++) assert.equal(api.sized(600).length, 600);
      assert.equal(api.bytes(1000).length, 1000);
      assert.throws(() => api.sized(1001), err(Trap, /more than 1000 bytes/));
      const api2 = e.instantiate().api as unknown as Api;
      assert.throws(() => api2.bytes(1001), err(Trap, /more than 1000 bytes/));
    });

    it('a bad maxLiftBytes is a RangeError', async () => {
      await assert.rejects(async () => (await engine(bytes, mode, { maxLiftBytes: -1 })).instantiate(), err(RangeError, /maxLiftBytes: expected a non-negative integer/));
    });
  });
}
