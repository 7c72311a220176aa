// Component.compile starts the engine on the core modules before the component is read (program/core-compile.ts
// compileCoreModulesEarly, from section headers only). The modules it finds must be the reader's, in the same order,
// and a binary the reader rejects must still fail with the reader's error — never a compile error of a module the
// scan guessed, nor an unhandled rejection from a compilation left behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ValidationError } from '../../src/index.js';
import { readComponent } from '../../src/binary/read.js';
import { compileCoreModulesEarly, coreModulesOf } from '../../src/program/core-compile.js';
import { assemble } from '../support/build.js';

const MOD = (n: number): string => `(core module (func (export "f") (result i32) i32.const ${n}))`;
const TEXT = `(component ${MOD(1)} (component ${MOD(2)} (component ${MOD(3)}) ${MOD(4)}) ${MOD(5)})`;

/** The reader's error for `bytes`, or undefined. */
function readError(bytes: Uint8Array): ValidationError | undefined {
  try {
    readComponent(bytes);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ValidationError);
    return e;
  }
}

describe('core modules compiled before the component is read', () => {
  it('finds every core module the reader finds, nested ones in pre-order, and they compile', async () => {
    const bytes = await assemble(TEXT);
    const early = compileCoreModulesEarly(bytes);
    assert.ok(early !== undefined);
    const tree = readComponent(bytes);
    assert.ok(early.matches(tree));
    assert.equal(coreModulesOf(tree).length, 5);
    const modules = await Promise.all(early.compiling);
    const values = modules.map((m) => (new WebAssembly.Instance(m).exports['f'] as () => number)());
    assert.deepEqual(values, [1, 2, 3, 4, 5]);
    // Ranges that differ from the tree's do not match (the caller then compiles from the tree).
    assert.equal(early.matches(readComponent(await assemble(`(component ${MOD(1)})`))), false);
  });

  it('gives up on what is not a component, and Component.compile reports the reader\'s error', async () => {
    const bytes = await assemble(TEXT);
    const cases: Uint8Array[] = [
      bytes.subarray(0, 6), // no full preamble
      bytes.subarray(0, bytes.length - 3), // a section running past the end
      Uint8Array.from([...bytes.subarray(0, 8), 1, 0xff, 0xff, 0xff, 0xff, 0x7f]), // a size LEB too long
      Uint8Array.from([...bytes.subarray(0, 4), 1, 0, 0, 0]), // a core module's preamble
    ];
    for (const b of cases) {
      assert.equal(compileCoreModulesEarly(b), undefined);
      const e = readError(b);
      assert.ok(e !== undefined);
      await assert.rejects(Component.compile(b), (x) => x instanceof ValidationError && x.message === e.message && x.offset === e.offset);
    }
  });

  it('a component the reader rejects after the scan started compiling fails with the reader\'s error', async () => {
    // A module the engine rejects, then an unknown section id: the headers scan fine and the engine's compile fails
    // (a rejection nobody may leave unhandled), but the reader's error is the one reported.
    const bytes = await assemble(`(component ${MOD(1)} (core module (func (result i32) i64.const 1)))`);
    const bad = Uint8Array.from([...bytes, 0x7f, 0]);
    const early = compileCoreModulesEarly(bad);
    assert.ok(early !== undefined);
    await assert.rejects(early.compiling[1]!, ValidationError);
    const e = readError(bad);
    assert.ok(e !== undefined);
    const unhandled: unknown[] = [];
    const onUnhandled = (x: unknown): void => { unhandled.push(x); };
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(Component.compile(bad), (x) => x instanceof ValidationError && x.message === e.message && x.offset === e.offset);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
  });
});
