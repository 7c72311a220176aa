// Every value type through a transpiled component (kumiki transpile + kumiki/runtime) against the JIT `Component`
// on the same inputs: the "values" fixture (both directions, three string encodings), results as ComponentError,
// host imports, and wrong JS arguments rejected naming the function and parameter.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ComponentError } from '../../src/index.js';
import { witComponent, type Encoding } from '../support/build.js';
import { VALUE_CASES, VALUES_WIT, valuesCore } from '../support/build-values.js';
import { transpileAndImport } from '../support/wast-run-aot.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Host imports that echo their argument and log what they received; `host-result` throws `.payload` for err. */
function hostImports(log: unknown[]): Record<string, unknown> {
  const host: Record<string, unknown> = {};
  for (const c of VALUE_CASES) host[camel(`host-${c.name}`)] = (x: unknown) => { log.push(x); return x; };
  host.hostResult = (x: { tag: 'ok' | 'err'; val: unknown }) => {
    log.push(x);
    if (x.tag === 'err') throw Object.assign(new Error('host error'), { payload: x.val });
    return x.val;
  };
  return { 'kumiki:values/host': host };
}

for (const encoding of ['utf8', 'utf16', 'compact-utf16'] as const satisfies readonly Encoding[]) {
  describe(`values: transpiled vs JIT (${encoding})`, () => {
    const jitLog: unknown[] = [];
    const aotLog: unknown[] = [];
    let jit: Record<string, (...a: unknown[]) => unknown>;
    let aot: Record<string, (...a: unknown[]) => unknown>;

    before(async () => {
      const bytes = await witComponent(VALUES_WIT, 'values', valuesCore(), encoding);
      jit = new Component(bytes).instantiate(hostImports(jitLog)).exports.api as never;
      const { module } = await transpileAndImport(bytes, 'values', { name: 'values' });
      aot = (await module.instantiate(hostImports(aotLog))).api as never;
    });

    it('exports have the same shape (same function names)', () => {
      assert.deepEqual(Object.keys(aot).sort(), Object.keys(jit).sort());
    });

    for (const c of VALUE_CASES) {
      it(`${c.name}: call (export lower, import lift + lower, export lift) and echo (in memory) agree`, () => {
        for (const v of c.samples) {
          jitLog.length = 0;
          aotLog.length = 0;
          const want = jit[camel(`call-${c.name}`)]!(v);
          const got = aot[camel(`call-${c.name}`)]!(v);
          assert.deepStrictEqual(got, want, `call-${c.name}(${String(v)})`);
          assert.deepStrictEqual(aotLog, jitLog, 'the host received the same value');
          assert.deepStrictEqual(aotLog, [v]);
        }
        const list = c.list ?? c.samples;
        const got = aot[camel(`echo-${c.name}`)]!(list);
        assert.deepStrictEqual(got, jit[camel(`echo-${c.name}`)]!(list));
        assert.deepStrictEqual(got, list, 'returns what went in');
      });
    }

    it('result<u32, string>: ok returns T, err throws ComponentError with .payload (both directions)', () => {
      assert.equal(aot.callResult!({ tag: 'ok', val: 7 }), 7);
      assert.throws(() => aot.callResult!({ tag: 'err', val: 'no' }), (e: unknown) => e instanceof ComponentError && e.payload === 'no');
      assert.throws(() => jit.callResult!({ tag: 'err', val: 'no' }), (e: unknown) => e instanceof ComponentError && e.payload === 'no');
      assert.equal(aot.callResult!({ tag: 'ok', val: 8 }), 8, 'an error result is not a trap');
    });

    it('wrong JS arguments: the same TypeError/RangeError, naming function and parameter', () => {
      const cases: [string, unknown][] = [['callU32', 'x'], ['callU8', 300], ['callString', 5], ['echoU32', new Float32Array([1])], ['callS64', 1], ['callColor', 'purple'], ['callPoint', { x: 1 }]];
      for (const [f, bad] of cases) {
        let want: unknown;
        try { jit[f]!(bad); } catch (e) { want = e; }
        assert.ok(want instanceof TypeError || want instanceof RangeError, `${f}: the JIT rejects ${String(bad)}`);
        assert.throws(() => aot[f]!(bad), (e: unknown) => e instanceof (want as Error).constructor && (e as Error).message === (want as Error).message && /\(x\)/.test((e as Error).message), f);
      }
      assert.equal(aot.callU32!(5), 5, 'a bad argument does not poison the instance');
    });
  });
}
