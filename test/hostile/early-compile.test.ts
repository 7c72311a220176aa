// `Component.compile` starts compiling big top-level core modules from the section headers alone, before the
// component is read (src/binary/scan-modules.ts). That must not change what anyone sees: a bad big module is still
// "core module N" in pre-order (nested components' modules counted), a component that does not read still fails
// with the reader's error (and no unhandled rejection from the early compile), and each module is compiled once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ValidationError, binary } from '../../src/index.js';
import { scanCoreModules } from '../../src/binary/scan-modules.js';
import { assemble } from '../support/build.js';

/** A core module over 64 KiB (a 70,000-byte data segment), with `body` for its function. */
const big = (body: string): string => `(core module (memory 2) (data (i32.const 0) "${'k'.repeat(70_000)}") ${body})`;
const GOOD_SMALL = '(core module (func (export "f") (result i32) i32.const 1))';
const GOOD_BIG = big('(func (export "g") (result i32) i32.const 2)');
const BAD_BIG = big('(func (result i32) i64.const 1)');

describe('early core compile (scanCoreModules)', () => {
  it('finds the big top-level modules at the offsets readComponent gives, as views', async () => {
    const bytes = await assemble(`(component ${GOOD_SMALL} ${GOOD_BIG} (component ${GOOD_BIG}) ${GOOD_BIG})`);
    const scanned = scanCoreModules(bytes);
    const read = binary.readComponent(bytes).sections.flatMap((s) => (s.kind === 'core-module' ? [s.module] : []));
    assert.deepEqual(scanned.map((m) => m.offset), read.filter((m) => m.bytes.length >= 64 * 1024).map((m) => m.offset));
    assert.equal(scanned.length, 2, 'the nested component\'s module is left to the normal path');
    for (const m of scanned) assert.equal(m.bytes.buffer, bytes.buffer, 'a view, not a copy');
  });

  it('gives [] for what is not a component, and stops at a section that runs past the end', async () => {
    const bytes = await assemble(`(component ${GOOD_BIG})`);
    assert.deepEqual(scanCoreModules(bytes.subarray(0, bytes.length - 1)), []);
    assert.deepEqual(scanCoreModules(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), []);
    assert.deepEqual(scanCoreModules(new Uint8Array(3)), []);
  });

  it('a bad big module is still named by its pre-order index, with its offset', async () => {
    // Pre-order: 0 small, 1 and 2 in the nested component, 3 the bad big one.
    const bytes = await assemble(`(component ${GOOD_SMALL} (component ${GOOD_SMALL} ${GOOD_SMALL}) ${BAD_BIG})`);
    const check = (e: unknown): true => {
      assert.ok(e instanceof ValidationError, `a ValidationError, got ${String(e)}`);
      assert.match(e.message, /^core module 3 does not compile: /);
      assert.ok(e.cause instanceof WebAssembly.CompileError);
      assert.deepEqual([...bytes.subarray(e.offset, e.offset + 4)], [0, 0x61, 0x73, 0x6d]);
      return true;
    };
    await assert.rejects(Component.compile(bytes), check);
    assert.throws(() => new Component(bytes), check);
  });

  it('a component that does not read fails as before, and the early compile leaves no unhandled rejection', async () => {
    const good = await assemble(`(component ${BAD_BIG})`);
    // A section id the reader rejects after the (bad) big module: the reader's error wins.
    const bytes = new Uint8Array(good.length + 2);
    bytes.set(good);
    bytes.set([0x7f, 0x00], good.length);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => { unhandled.push(e); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const sync = (() => { try { new Component(bytes); } catch (e) { return e; } return undefined; })();
      assert.ok(sync instanceof ValidationError, 'the synchronous reader rejects it');
      await assert.rejects(Component.compile(bytes), (e) => e instanceof ValidationError && e.message === sync.message);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a good big module: the component compiles and runs', async () => {
    const bytes = await assemble(`(component ${GOOD_BIG}
      (core instance $i (instantiate 0))
      (func (export "g") (result u32) (canon lift (core func $i "g"))))`);
    const c = await Component.compile(bytes);
    assert.equal((c.instantiate().exports as unknown as { g: () => number }).g(), 2);
  });
});
