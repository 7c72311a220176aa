// More than 16 flat parameters: they travel through memory as a tuple (CanonicalABI.md MAX_FLAT_PARAMS), both
// when JS calls the guest (allocated with realloc) and when the guest calls the host (a pointer into its memory).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { jcoTranspile, LIBC, witComponent } from '../support/build.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const N = 17;
const names = Array.from({ length: N }, (_v, i) => `p${i}`);
const WIT = `package kumiki:spill;
interface host { take: func(${names.map((n) => `${n}: u32`).join(', ')}) -> u32; }
interface api {
  sum: func(${names.map((n) => `${n}: u32`).join(', ')}) -> u32;
  relay: func(${names.map((n) => `${n}: u32`).join(', ')}) -> u32;
}
world spill { import host; export api; }`;

const loads = Array.from({ length: N }, (_v, i) => `(i32.load offset=${4 * i} (local.get 0))`);
const CORE = `(module
  (import "kumiki:spill/host" "take" (func $take (param i32) (result i32)))
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")').replace('(func (export "reset1") (param i32) (call $reset))', '')}
  (func (export "kumiki:spill/api#sum") (param i32) (result i32)
    ${loads.slice(1).reduce((acc, l) => `(i32.add ${acc} ${l})`, loads[0]!)})
  ;; relay: hands the same tuple pointer to the host import.
  (func (export "kumiki:spill/api#relay") (param i32) (result i32) (call $take (local.get 0)))
)`;

describe('spilled parameters', () => {
  let bytes: Uint8Array;
  const args = Array.from({ length: N }, (_v, i) => (i + 1) * 1000 + i);
  const total = args.reduce((a, b) => a + b, 0);
  const host = (seen: number[][]) => ({ 'kumiki:spill/host': { take: (...xs: number[]) => { seen.push(xs); return xs.reduce((a, b) => a + b, 0) + 1; } } });
  before(async () => { bytes = await witComponent(WIT, 'spill', CORE); });

  for (const mode of ['codegen', 'interp'] as const) {
    it(`export and import with ${N} params (${mode}) agree with jco`, async () => {
      const seen: number[][] = [];
      const api = new Component(bytes, { mode }).instantiate(host(seen)).exports.api;
      assert.equal(api.sum(...args), total);
      assert.equal(api.relay(...args), total + 1);
      assert.deepEqual(seen, [args]);
      assert.throws(() => api.sum(...args.slice(0, 16), -1), (e: unknown) => e instanceof RangeError && /sum\(p16\)/.test((e as Error).message));
      const jcoSeen: number[][] = [];
      const jco = (await jcoTranspile(bytes)).instantiate(host(jcoSeen)).api;
      assert.equal(jco.sum(...args), total);
      assert.equal(jco.relay(...args), total + 1);
      assert.deepEqual(jcoSeen, seen);
    });
  }
});
