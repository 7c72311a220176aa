// Differential tests: the "values" component (every value type, both directions, three string encodings) through
// jco transpile and through kumiki (codegen and interp) with the same inputs; outputs must agree, except where jco
// is wrong on purpose-checked points (a leading U+FEFF must survive).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ComponentError } from '../../src/index.js';
import { jcoTranspile, witComponent, type Encoding } from '../support/build.js';
import { RESULT_CASE, VALUE_CASES, VALUES_WIT, valuesCore } from '../support/build-values.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Host imports that echo their argument and log what they received. */
function hostImports(log: unknown[]): Record<string, unknown> {
  const host: Record<string, unknown> = {};
  for (const c of VALUE_CASES) host[camel(`host-${c.name}`)] = (x: unknown) => { log.push(x); return x; };
  host.hostResult = (x: { tag: string; val: unknown }) => {
    log.push(x);
    if (x === undefined || typeof x !== 'object') throw new Error('host-result got a non-result value');
    return x;
  };
  return { 'kumiki:values/host': host };
}

/** For `call-result(x: result<u32, string>)`: the host echoes ok, throws an error with `.payload` for err. */
function resultHost(imports: Record<string, unknown>): Record<string, unknown> {
  const host = { ...(imports['kumiki:values/host'] as Record<string, unknown>) };
  host.hostResult = (x: { tag: 'ok' | 'err'; val: unknown }) => {
    if (x.tag === 'err') throw Object.assign(new Error('host error'), { payload: x.val });
    return x.val;
  };
  return { 'kumiki:values/host': host };
}

/** Where the generic ABI (abi/ops, which interp runs on) differs from jco's value conventions today. */
const ENCODINGS: readonly Encoding[] = ['utf8', 'utf16', 'compact-utf16'];

for (const encoding of ENCODINGS) {
  describe(`values through kumiki vs jco (${encoding})`, () => {
    let bytes: Uint8Array;
    /** jco's bindings; undefined when jco cannot transpile this encoding (then values are checked against inputs). */
    let jco: Record<string, any> | undefined;
    let jcoError = '';
    const engines: Record<string, Record<string, any>> = {};
    const jcoLog: unknown[] = [];
    const kLog: Record<string, unknown[]> = { codegen: [], interp: [] };

    before(async () => {
      bytes = await witComponent(VALUES_WIT, 'values', valuesCore(), encoding);
      try {
        const j = await jcoTranspile(bytes);
        jco = j.instantiate(hostImports(jcoLog)).api;
      } catch (e) {
        jcoError = (e as Error).message;
      }
      for (const mode of ['codegen', 'interp'] as const) {
        engines[mode] = new Component(bytes, { mode }).instantiate(hostImports(kLog[mode]!)).exports.api;
      }
    });

    it('jco (the oracle) transpiles this encoding', (t) => {
      // Where jco cannot, the values below are checked against their inputs only.
      if (jco === undefined) t.todo(`jco 1.35 fails to transpile: ${jcoError.split('\n')[0]}`);
    });

    for (const c of VALUE_CASES) {
      for (const mode of ['codegen', 'interp'] as const) {
        it(`${c.name}: call-${c.name} round trip agrees with jco (${mode})`, () => {
          for (const v of c.samples) {
            const jcoOut = jco === undefined ? v : jco[camel(`call-${c.name}`)](v);
            const log = kLog[mode]!;
            log.length = 0;
            const out = engines[mode]![camel(`call-${c.name}`)](v);
            assert.deepStrictEqual(log, [v], 'the host received the value');
            if (typeof v === 'string' && v.startsWith('\uFEFF')) {
              assert.equal(out, v, `a leading U+FEFF survives (jco returns ${JSON.stringify(jcoOut)})`);
            } else {
              assert.deepStrictEqual(out, jcoOut, `vs jco for ${String(v)}`);
              assert.deepStrictEqual(out, v, 'returns what went in');
            }
          }
        });
        it(`${c.name}: echo-${c.name} (list in memory) agrees with jco (${mode})`, () => {
          const list = c.list ?? c.samples;
          const jcoOut = jco === undefined ? list : jco[camel(`echo-${c.name}`)](list);
          const out = engines[mode]![camel(`echo-${c.name}`)](list);
          if (c.name === 'string') assert.deepStrictEqual(out, list, 'strings (with a leading U+FEFF) survive');
          else {
            assert.deepStrictEqual(out, jcoOut, 'vs jco');
            assert.deepStrictEqual(out, list, 'returns what went in');
          }
        });
      }
    }

    it('result<u32, string>: ok returns T, err throws ComponentError with .payload (both directions)', () => {
      for (const mode of ['codegen', 'interp'] as const) {
        const api = new Component(bytes, { mode }).instantiate(resultHost(hostImports([]))).exports.api;
        assert.equal(api.callResult({ tag: 'ok', val: 7 }), 7, mode);
        assert.throws(() => api.callResult({ tag: 'err', val: 'no' }), (e: unknown) => e instanceof ComponentError && e.payload === 'no', mode);
        // Still usable: an error result is not a trap.
        assert.equal(api.callResult({ tag: 'ok', val: 8 }), 8, mode);
      }
      if (jco !== undefined) {
        const j = jco;
        assert.equal(j.callResult({ tag: 'ok', val: 7 }), 7, 'jco');
      }
      void RESULT_CASE;
    });
  });
}
