// Import and export names (DESIGN.md §3, §4): interfaces with or without their version, short export names,
// camelCase functions.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { LIBC, witComponent } from '../support/build.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const WIT = `package kumiki:names@0.2.1;
interface host-api { get-number: func() -> u32; }
interface calc { add-one: func(x: u32) -> u32; }
world names { import host-api; export calc; export root-fn: func() -> u32; }`;

const CORE = `(module
  (import "kumiki:names/host-api@0.2.1" "get-number" (func $get (result i32)))
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")').replace('(func (export "reset1") (param i32) (call $reset))', '')}
  (func (export "kumiki:names/calc@0.2.1#add-one") (param i32) (result i32) (i32.add (call $get) (local.get 0)))
  (func (export "root-fn") (result i32) (i32.const 7))
)`;

describe('names', () => {
  let bytes: Uint8Array;
  before(async () => { bytes = await witComponent(WIT, 'names', CORE); });

  for (const key of ['kumiki:names/host-api@0.2.1', 'kumiki:names/host-api']) {
    it(`host interface found under '${key}', functions camelCase`, () => {
      const { exports } = new Component(bytes).instantiate({ [key]: { getNumber: () => 100 } });
      assert.equal(exports['kumiki:names/calc@0.2.1']!.addOne!(1), 101);
    });
  }

  it('exports: interfaces under full, unversioned and short names; root functions camelCase', () => {
    const { exports } = new Component(bytes).instantiate({ 'kumiki:names/host-api': { 'get-number': () => 1 } });
    assert.equal(exports['kumiki:names/calc@0.2.1'], exports['kumiki:names/calc']);
    assert.equal(exports.calc, exports['kumiki:names/calc']);
    assert.equal(exports.rootFn!(), 7);
    assert.equal(exports.calc!.addOne!(2), 3, 'a kebab-case host function name works too');
  });
});
