// cm64 under a Node whose V8 compiles memory64 (run by test/ir/cm64.test.ts; standalone: `node dist/test/ir/cm64.node22.js`).
// Strings, lists and options over 64-bit memories (pointers and lengths i64, 8 bytes in memory) in every mode:
// codegen, interp, transpiled (AOT), each with and without fused adapters (two 64-bit sides fuse, memory to memory;
// a 32-bit and a 64-bit side cross through JS; every way gives the same answers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap, ValidationError } from '../../src/index.js';
import type { Exports } from '../../src/entries/component.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../fused/aot.js';
import { CM64 } from './cm64-fixture.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';

await Component.loadInterpreter();
const bytes = await assemble(CM64);
const features = ['cm64'];

type Fn = (...a: unknown[]) => unknown;
const modes: [string, boolean, () => Promise<(imports: Record<string, unknown>) => Exports>][] = [];
for (const fuse of [true, false]) {
  for (const mode of ['codegen', 'interp'] as const) {
    modes.push([`${mode}${fuse ? '' : ' unfused'}`, fuse, async () => { const c = new Component(bytes, { mode, fuse, features }); return (i) => c.instantiate(i).exports; }]);
  }
  modes.push([`aot${fuse ? '' : ' unfused'}`, fuse, async () => { const c = await compileAot(bytes, { fuse, features }); return (i) => c.instantiate(i); }]);
}

describe('cm64: 64-bit memories', () => {
  it('are gated by the cm64 feature', () => {
    assert.throws(() => new Component(bytes), (e: Error) => e instanceof ValidationError && /cm64/.test(e.message));
  });

  for (const [name, fuse, make] of modes) {
    it(`${name}: strings, lists and options cross; lies trap; bad arguments are named`, async () => {
      const seen: string[] = [];
      const fused = fuseStats.fused;
      const ex = (await make())({ log: (s: string) => { seen.push(s); return `${s}!`; } });
      const f = (k: string): Fn => ex[k] as unknown as Fn;
      assert.equal(f('echo')('héllo, 世界 🌍'), 'héllo, 世界 🌍');
      assert.equal(f('echo')(''), '');
      // latin1+utf16: the UTF-16 tag is bit 63 of a 64-bit length (CanonicalABI.md utf16_tag).
      assert.equal(f('echoCompact')('héllo'), 'héllo');
      assert.equal(f('echoCompact')('héllo, 世界 🌍'), 'héllo, 世界 🌍');
      assert.deepEqual(f('echoList')(new Uint32Array([1, 2, 0xffffffff])), new Uint32Array([1, 2, 0xffffffff]));
      assert.deepEqual(f('echoList')([]), new Uint32Array([]));
      assert.deepEqual(f('echoStrs')(['a', 'bé', '', 'ü'.repeat(100)]), ['a', 'bé', '', 'ü'.repeat(100)]);
      assert.equal(f('echoOpt')('x'), 'x');
      assert.equal(f('echoOpt')(undefined), undefined);
      assert.equal(f('relay')('hi'), 'hi!');
      assert.deepEqual(seen, ['hi']);
      // A 64-bit guest calling a 64-bit and a 32-bit guest calling a 64-bit one.
      assert.equal(f('run64')('through 64 ✓'), 'through 64 ✓');
      assert.equal(f('run32')('through 32 ✓'), 'through 32 ✓');
      assert.deepEqual(f('run64Strs')(['a', 'bé', '', '世界']), ['a', 'bé', '', '世界']);
      assert.equal(f('run64Opt')('some ✓'), 'some ✓');
      assert.equal(f('run64Opt')(undefined), undefined);
      // The 64-bit pair fused (memory to memory); the 32-bit caller crossed through JS.
      assert.equal(fuseStats.fused - fused, fuse ? 3 : 0, `fused pairs (last blocker: ${fuseStats.lastBlocker})`);
      if (fuse) assert.match(fuseStats.lastBlocker, /32-bit and a 64-bit/);
      assert.throws(() => f('echo')(5), (e: Error) => e instanceof TypeError && /^echo\(s\)/.test(e.message));
      assert.throws(() => f('echoList')(['x']), (e: Error) => e instanceof TypeError && /^echo-list\(x\)/.test(e.message));
      assert.equal(f('echo')('still fine'), 'still fine');
      // A string length of 2^32 bytes: a trap naming the function, never a wrapped length.
      assert.throws(() => f('liar')(), (e: Error) => e instanceof Trap && /^liar: /.test(e.message));
    });
  }
});
