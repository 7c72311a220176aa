// componentNew with a core module that imports the same `module` `name` twice (as AssemblyScript emits for
// fd_write): the component validates, and both imports reach the same adapter function.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, validate } from '../../src/index.js';
import { componentNew } from '../../src/toolchain/index.js';
import { dedupeImports } from '../../src/toolchain/dedupe-imports.js';
import { readCoreModuleSurface } from '../../src/binary/read-module.js';
import { wasi, exitCodeOf } from '../../src/wasi/index.js';
import { assemble } from '../support/build.js';
import { commandAdapter } from '../wasi-testsuite/suite.js';

const WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w1 (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $w2 (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write#dup1" (func $w3 (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "ab")
  ;; iovec at 0: (100, 1); at 8: (101, 1)
  (data (i32.const 0) "\\64\\00\\00\\00\\01\\00\\00\\00\\65\\00\\00\\00\\01\\00\\00\\00")
  (func (export "_start")
    (drop (call $w1 (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
    (drop (call $w2 (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 32)))))`;

it('componentNew: a repeated core import becomes a unique field and still calls the function it named', async () => {
  const core = await assemble(WAT);
  const { module, originalNames } = dedupeImports(core, readCoreModuleSurface(core).imports);
  assert.deepEqual(readCoreModuleSurface(module).imports.map((i) => i.name), ['fd_write', 'fd_write#dup2', 'fd_write#dup1']);
  assert.deepEqual(originalNames, ['fd_write', 'fd_write', 'fd_write#dup1']);
  const unique = await assemble('(module (import "m" "a" (func)) (import "m" "b" (func)))');
  assert.equal(dedupeImports(unique, readCoreModuleSurface(unique).imports).module, unique);
  // The third import names a function the adapter lacks: the error names it, under its own name.
  assert.throws(() => componentNew(core, { adapters: { wasi_snapshot_preview1: commandAdapter() } }), /adapter `wasi_snapshot_preview1` exports no `fd_write#dup1`/);
  const two = await assemble(WAT.replace(/\n {2}\(import "wasi_snapshot_preview1" "fd_write#dup1"[^\n]*/, ''));
  const bytes = componentNew(two, { adapters: { wasi_snapshot_preview1: commandAdapter() } });
  validate(bytes);
  const out: number[] = [];
  const inst = (await Component.compile(bytes)).instantiate(await wasi({ stdout: (b) => out.push(...b) }));
  try { (inst.exports['wasi:cli/run'] as unknown as { run(): void }).run(); } catch (e) { if (exitCodeOf(e) !== 0) throw e; }
  assert.equal(new TextDecoder().decode(new Uint8Array(out)), 'ab');
});
