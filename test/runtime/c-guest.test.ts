// A C guest (clang, wasm32-unknown-unknown) through jco transpile and through kumiki: the same inputs must give the
// same outputs, including a host import whose string result the guest allocates for.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Component } from '../../src/index.js';
import { jcoTranspile, repoRoot } from '../support/build.js';
import { cComponent, haveClang } from '../support/build-c.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const fixtures = `${repoRoot}test/runtime/fixtures/`;
const host = { 'kumiki:cguest/host': { transform: (s: string) => s.toUpperCase() } };

describe('C guest: kumiki vs jco', { skip: haveClang() ? false : 'clang is not installed (bash scripts/setup.sh)' }, () => {
  const apis: Record<string, Record<string, (...a: any[]) => any>> = {};
  before(async () => {
    const bytes = await cComponent(readFileSync(`${fixtures}cguest.c`, 'utf8'), readFileSync(`${fixtures}cguest.wit`, 'utf8'), 'cguest');
    apis.jco = (await jcoTranspile(bytes)).instantiate(host).api;
    apis.codegen = new Component(bytes).instantiate(host).exports.api;
    apis.interp = new Component(bytes, { mode: 'interp' }).instantiate(host).exports.api;
  });

  const cases: [string, unknown[]][] = [
    ['concat', ['héllo ', 'wörld 😀']],
    ['concat', ['', '']],
    ['countWords', ['  the quick  brown\tfox\n']],
    ['stats', [new Float64Array([3, -1.5, 10, 0.25])]],
    ['stats', [new Float64Array([])]],
    ['reverse', [new Int32Array([1, -2, 3, 2 ** 31 - 1])]],
    ['sign', [-(2n ** 63n)]],
    ['sign', [0n]],
    ['sign', [5n]],
    ['shout', ['quiet ünïcode']],
  ];
  for (const [fn, args] of cases) {
    it(`${fn}(${args.map((a) => (typeof a === 'bigint' ? `${a}n` : ArrayBuffer.isView(a) ? a.constructor.name : JSON.stringify(a))).join(', ')})`, () => {
      const expected = apis.jco![fn]!(...args);
      for (const mode of ['codegen', 'interp']) assert.deepStrictEqual(apis[mode]![fn]!(...args), expected, mode);
    });
  }

  it('many calls in a row grow the guest memory (views refresh after memory.grow)', () => {
    const big = 'x'.repeat(100_000);
    for (const mode of ['codegen', 'interp']) {
      for (let i = 0; i < 30; i++) assert.equal(apis[mode]!.concat!(big, 'y').length, 100_001, mode);
    }
  });
});
