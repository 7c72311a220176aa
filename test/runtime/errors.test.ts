// Argument checks, traps and poisoning, link errors, unsupported features (DESIGN.md §3, §4).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ComponentError, LinkError, Trap, UnsupportedError, ValidationError, instantiate } from '../../src/index.js';
import { assemble, BENCH_CORE, BENCH_WIT, witComponent } from '../support/build.js';
import { TRAP_CORE, TRAP_WIT } from '../support/trap-fixture.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();


for (const mode of ['codegen', 'interp'] as const) {
  describe(`errors (${mode})`, () => {
    let bench: Uint8Array;
    let traps: Uint8Array;
    before(async () => {
      bench = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
      traps = await witComponent(TRAP_WIT, 'traps', TRAP_CORE);
    });

    it('rejects bad arguments with TypeError/RangeError naming function and parameter', () => {
      const api = new Component(bench, { mode }).instantiate().exports.api;
      assert.throws(() => api.add('1', 2), (e: unknown) => e instanceof TypeError && /add\(a\)/.test((e as Error).message));
      assert.throws(() => api.add(1, -1), (e: unknown) => e instanceof RangeError && /add\(b\)/.test((e as Error).message));
      assert.throws(() => api.add(1, 2 ** 32), RangeError);
      assert.throws(() => api.add(1.5, 1), RangeError);
      assert.throws(() => api.echo(5), (e: unknown) => e instanceof TypeError && /echo\(s\)/.test((e as Error).message));
      assert.throws(() => api.sum(new Float32Array([1, 2])), (e: unknown) => e instanceof TypeError && /sum\(xs\)/.test((e as Error).message));
      assert.throws(() => api.sum([1, -2]), RangeError);
      // Bad arguments do not poison the instance.
      assert.equal(api.add(1, 2), 3);
      assert.equal(api.sum([1, 2, 3]), 6);
      assert.equal(api.sum(new Uint32Array([4, 5])), 9);
    });

    it('a trap raises Trap naming the function, then poisons the instance', () => {
      const api = new Component(traps, { mode }).instantiate({ 'kumiki:traps/host': { callBack() {} } }).exports.api;
      assert.equal(api.boom(0), 1);
      assert.throws(() => api.boom(1), (e: unknown) => e instanceof Trap && e instanceof WebAssembly.RuntimeError && /boom/.test((e as Error).message));
      assert.throws(() => api.ok(), (e: unknown) => e instanceof Trap && /poisoned/.test((e as Error).message));
    });

    it('invalid guest values trap: a surrogate char, an out-of-bounds string', () => {
      const c = new Component(traps, { mode });
      const a = c.instantiate({ 'kumiki:traps/host': { callBack() {} } }).exports.api;
      assert.throws(() => a.badChar(), (e: unknown) => e instanceof Trap && /bad-char/.test((e as Error).message));
      const b = c.instantiate({ 'kumiki:traps/host': { callBack() {} } }).exports.api;
      assert.throws(() => b.badString(), (e: unknown) => e instanceof Trap && /bounds/.test((e as Error).message));
      // Each instance is independent.
      assert.equal(c.instantiate({ 'kumiki:traps/host': { callBack() {} } }).exports.api.ok(), 42);
    });

    it('reentering the instance from a host import traps', () => {
      let api: Record<string, (...a: unknown[]) => unknown> = {};
      api = new Component(traps, { mode }).instantiate({ 'kumiki:traps/host': { callBack: () => api.ok!() } }).exports.api as never;
      assert.throws(() => api.reenter!(), Trap);
    });

    it('host imports are found with or without version; missing ones are LinkErrors', () => {
      assert.throws(() => new Component(traps, { mode }).instantiate({}), LinkError);
      assert.throws(() => new Component(traps, { mode }).instantiate({ 'kumiki:traps/host': {} }), LinkError);
    });

    it('Component.compile and instantiate() agree with new Component', async () => {
      const c = await Component.compile(bench, { mode });
      assert.deepEqual(c.instantiate().exports.api.makePoint(1, 2), { x: 1, y: 2 });
      const ex = await instantiate(bench, {}, { mode });
      assert.equal(ex['kumiki:bench/api'].echo('ok'), 'ok');
      assert.equal(ex.api, ex['kumiki:bench/api']);
    });

    it('malformed bytes are a ValidationError; a non-object imports argument a TypeError', () => {
      assert.throws(() => new Component(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 2]), { mode }), ValidationError);
      assert.throws(() => new Component(bench.subarray(0, bench.length - 3), { mode }), ValidationError);
      assert.throws(() => new Component(bench, { mode }).instantiate(null as never), (e: unknown) => e instanceof TypeError && /instantiate\(imports\)/.test((e as Error).message));
    });

    it('resource and async built-ins compile and instantiate', async () => {
      const res = await assemble(`(component (type $r (resource (rep i32))) (core func (canon resource.new $r)))`);
      assert.doesNotThrow(() => new Component(res, { mode }).instantiate({}));
      const async = await assemble(`(component (core func (canon backpressure.inc)))`);
      // The async runtime is loaded on demand (link/async-backend.ts): by Component.compile, or Component.loadAsync().
      await assert.doesNotReject(async () => (await Component.compile(async, { mode })).instantiate({}));
    });
  });
}

void ComponentError;
