// Fixed-length lists `list<T, N>` (feature cm-fixed-length-lists): flattened inline as N values, stored inline in
// memory; JS values are arrays (typed arrays for numbers, as abi/ lifts them), exactly N long.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { assemble } from '../support/build.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const FIXED = `(component
  (core module $M
    (memory (export "mem") 1)
    (func (export "sum") (param i32 i32 i32) (result i32) (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "rev") (param i32 i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 2)) (i32.store (i32.const 20) (local.get 1)) (i32.store (i32.const 24) (local.get 0))
      (i32.const 16)))
  (core instance $m (instantiate $M))
  (type $l (list u32 3))
  (func (export "sum") (param "xs" $l) (result u32) (canon lift (core func $m "sum")))
  (func (export "rev") (param "xs" $l) (result $l) (canon lift (core func $m "rev") (memory (core memory $m "mem"))))
)`;

for (const mode of ['codegen', 'interp'] as const) {
  describe(`fixed-length lists (${mode})`, () => {
    let api: Record<string, (...a: unknown[]) => unknown>;
    before(async () => {
      const bytes = await assemble(FIXED);
      api = new Component(bytes, { mode, features: ['cm-fixed-length-lists'] }).instantiate().exports as never;
    });
    it('flattens N values in and lifts N values out of memory', () => {
      assert.equal(api.sum!([1, 2, 3]), 6);
      assert.equal(api.sum!(new Uint32Array([4, 5, 6])), 15);
      assert.deepStrictEqual(api.rev!([1, 2, 3]), new Uint32Array([3, 2, 1]));
    });
    it('a list of the wrong length or kind is rejected naming the parameter', () => {
      assert.throws(() => api.sum!([1, 2]), (e: unknown) => e instanceof RangeError && /sum\(xs\)/.test((e as Error).message));
      assert.throws(() => api.sum!('abc'), TypeError);
      assert.throws(() => api.sum!([1, 2, -1]), RangeError);
    });
  });
}
