// Where jco 1.35 is wrong, kumiki must be right: a leading U+FEFF survives a string round trip (jco's decoder
// strips it), and a Float32Array is rejected for list<u32> (jco reinterprets it), as are strings for numbers.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { BENCH_CORE, BENCH_WIT, jcoTranspile, witComponent } from '../support/build.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

describe('kumiki where jco differs', () => {
  let jco: Record<string, (...a: any[]) => any>;
  const apis: Record<string, Record<string, (...a: any[]) => any>> = {};
  before(async () => {
    const bytes = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
    jco = (await jcoTranspile(bytes)).instantiate({}).api;
    for (const mode of ['codegen', 'interp'] as const) apis[mode] = new Component(bytes, { mode }).instantiate().exports.api;
  });

  for (const mode of ['codegen', 'interp']) {
    it(`a leading U+FEFF survives, short and long strings (${mode})`, () => {
      for (const s of ['\uFEFFbom', `\uFEFF${'a'.repeat(100)}`, `\uFEFF${'é'.repeat(100)}`]) {
        assert.equal(apis[mode]!.echo!(s), s, `jco gives ${JSON.stringify(jco.echo!(s)).slice(0, 20)}`);
      }
    });
    it(`a Float32Array for list<u32> and a string for u32 are rejected (${mode})`, () => {
      assert.throws(() => apis[mode]!.sum!(new Float32Array([1.5, 2.5])), TypeError, `jco returns ${jco.sum!(new Float32Array([1.5, 2.5]))}`);
      assert.throws(() => apis[mode]!.add!('1', 2), TypeError, `jco returns ${jco.add!('1', 2)}`);
    });
  }
});
