// thread.new-indirect checks the table element it starts (CanonicalABI.md canon thread.new-indirect: trap_if(f is
// None), trap_if(f.type != ft)), with wasmtime's wording for a start function of another type, in every mode: a
// function of any type but `(i32) -> ()` traps when the thread is created, never runs with arguments JS made up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../support/wast-run-aot.js';

type Exports = { spawn(i: number): number; started(): number };
type Load = (bytes: Uint8Array) => Promise<() => Exports>;
const FEATURES = ['cm-threading'];

const MODES: readonly [string, Load][] = [
  ['codegen', async (b) => { const c = await Component.compile(b, { mode: 'codegen', features: FEATURES }); return () => c.instantiate({}).exports as unknown as Exports; }],
  ['interp', async (b) => { const c = await Component.compile(b, { mode: 'interp', features: FEATURES }); return () => c.instantiate({}).exports as unknown as Exports; }],
  ['aot', async (b) => { const c = await compileAot(b, FEATURES); return () => c.instantiate({}).exports as unknown as Exports; }],
];

/** Table elements: 0 `(i32) -> ()` (the start type: records its argument), 1 `(i32 i32) -> ()`, 2 `(i32) -> i32`,
 *  3 `() -> ()`, 4 `(i64) -> ()`, 5 null; `spawn(i)` creates a thread of element i with argument 42, lets it run
 *  (thread.yield-then-resume) and returns what it recorded (0 when it did not run). */
const WAT = `(component
  (core module $Table (table (export "t") 6 funcref))
  (core instance $table (instantiate $Table))
  (alias core export $table "t" (core table $t))
  (core type $start (func (param i32)))
  (core func $new (canon thread.new-indirect $start (core table $t)))
  (core func $switch (canon thread.yield-then-resume))
  (core module $M
    (import "" "t" (table 6 funcref))
    (import "" "new" (func $new (param i32 i32) (result i32)))
    (import "" "switch" (func $switch (param i32) (result i32)))
    (global $seen (mut i32) (i32.const 0))
    (func $ok (param i32) (global.set $seen (local.get 0)))
    (func $two (param i32 i32) (global.set $seen (i32.const 2)))
    (func $ret (param i32) (result i32) (global.set $seen (i32.const 3)) (local.get 0))
    (func $none (global.set $seen (i32.const 4)))
    (func $wide (param i64) (global.set $seen (i32.const 5)))
    (elem (table 0) (i32.const 0) func $ok $two $ret $none $wide)
    (func (export "spawn") (param $i i32) (result i32)
      (global.set $seen (i32.const 0))
      (drop (call $switch (call $new (local.get $i) (i32.const 42))))
      (global.get $seen))
    (func (export "started") (result i32) (global.get $seen)))
  (core instance $m (instantiate $M (with "" (instance
    (export "t" (table $t)) (export "new" (func $new)) (export "switch" (func $switch))))))
  (func (export "spawn") (param "i" u32) (result u32) (canon lift (core func $m "spawn")))
  (func (export "started") (result u32) (canon lift (core func $m "started")))
)`;

const MISMATCH = /thread\.new-indirect: start function does not match expected type \(currently only `\(i32\) -> \(\)` is supported\)/;

for (const [mode, load] of MODES) {
  describe(`thread.new-indirect checks its start function (${mode})`, () => {
    it('(i32) -> () starts; any other type traps with wasmtime\'s wording before it runs; null and out of bounds trap', async () => {
      const make = await load(await assemble(WAT));
      assert.equal(make().spawn(0), 42, 'the (i32) -> () start function ran with its argument');
      for (const i of [1, 2, 3, 4]) {
        const x = make();
        assert.throws(() => x.spawn(i), (e: unknown) => e instanceof Trap && MISMATCH.test((e as Error).message), `element ${i}`);
      }
      assert.throws(() => make().spawn(5), (e: unknown) => e instanceof Trap && /uninitialized table element 5/.test((e as Error).message));
      assert.throws(() => make().spawn(6), (e: unknown) => e instanceof Trap && /table index 6 out of bounds/.test((e as Error).message));
    });
  });
}
