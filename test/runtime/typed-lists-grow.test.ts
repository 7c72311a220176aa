// Byte lists (`list<u8>` copied through the cached `m.u8`, `list<s8>` through a typed view) stay correct when the
// guest's memory grows both while the argument is allocated and inside the call, before the result is read.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { LIBC, witComponent } from '../support/build.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const WIT = `package kumiki:grow;
interface api {
  echo-u8: func(b: list<u8>) -> list<u8>;
  echo-s8: func(b: list<s8>) -> list<s8>;
}
world grow { export api; }`;

// Each export copies its argument into a fresh allocation made after an explicit `memory.grow`, so the result lies
// in memory the adapter's views did not cover when the argument was lowered.
const echo = (name: string) => `
  (func (export "kumiki:grow/api#${name}") (param $p i32) (param $n i32) (result i32)
    (local $q i32)
    (drop (memory.grow (i32.const 1)))
    (local.set $q (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
    (memory.copy (local.get $q) (local.get $p) (local.get $n))
    (i32.store (i32.const 8) (local.get $q)) (i32.store (i32.const 12) (local.get $n)) (i32.const 8))
  (func (export "cabi_post_kumiki:grow/api#${name}") (param i32) (call $reset))`;

const CORE = `(module
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")')}
  ${echo('echo-u8')}
  ${echo('echo-s8')}
)`;

type Api = Record<string, (x: unknown) => unknown>;

describe('byte lists across memory.grow', () => {
  const apis: Record<string, Api> = {};
  before(async () => {
    const bytes = await witComponent(WIT, 'grow', CORE);
    for (const mode of ['codegen', 'interp'] as const) apis[mode] = new Component(bytes, { mode }).instantiate().exports.api as Api;
  });

  for (const mode of ['codegen', 'interp']) {
    it(`${mode}: list<u8> and list<s8> round-trip while memory grows (views refreshed, no stale or empty copy)`, () => {
      const api = apis[mode]!;
      // Sizes from empty to several pages: the larger ones grow memory in realloc too, not only inside the call.
      for (const n of [0, 1, 100, 70_000, 300_000]) {
        const u = new Uint8Array(n).map((_v, i) => (i * 31 + 7) & 0xff);
        const r = api.echoU8!(u) as Uint8Array;
        assert.ok(r instanceof Uint8Array, `${mode} echo-u8 ${n}: a Uint8Array`);
        assert.notEqual(r.buffer, u.buffer);
        assert.deepStrictEqual(r, u, `${mode} echo-u8 ${n}`);
        const s = new Int8Array(u.buffer);
        assert.deepStrictEqual(api.echoS8!(s), s, `${mode} echo-s8 ${n}`);
      }
      // A plain array is checked and copied too.
      assert.deepStrictEqual(api.echoU8!([1, 2, 255]), new Uint8Array([1, 2, 255]));
      assert.throws(() => api.echoU8!([1, 256]), /256/);
    });
  }
});
