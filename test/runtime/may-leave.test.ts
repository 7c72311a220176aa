// CanonicalABI.md "Lifting and Lowering Context" reallocate: `may_leave` is cleared while the host calls a guest's
// `realloc` to lower values into it, so a realloc that calls an import (or a resource built-in) traps, in both
// directions: arguments of an export (canon lift) and the result of an import (canon lower). A call that failed on
// a bad JS argument after realloc ran leaves the instance able to call out again. Between two components the same
// holds for the callee's realloc (arguments) and the caller's (the result), fused or not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { compileAot } from '../fused/aot.js';

await Component.loadInterpreter();

/**
 * Exports `f: func(s: string, n: u8)` (its body calls `log`), `run: func() -> u32` (calls the import `get`, returning
 * the string's length) and `arm: func(on: u32)`: while armed, the bump `realloc` calls `log` (or `resource.new` when
 * `on` is 2) before returning.
 */
const GUEST = `(component
  (import "log" (func $log))
  (import "get" (func $get (result string)))
  (type $r (resource (rep i32)))
  (core func $log-l (canon lower (func $log)))
  (core func $new (canon resource.new $r))
  (core module $Mem
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (global (export "armed") (mut i32) (i32.const 0)))
  (core instance $mem (instantiate $Mem))
  (core module $Alloc
    (import "" "log" (func $log))
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "armed" (global $armed (mut i32)))
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (if (i32.eq (global.get $armed) (i32.const 1)) (then (call $log)))
      (if (i32.eq (global.get $armed) (i32.const 2)) (then (drop (call $new (i32.const 7)))))
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
      (local.get $p)))
  (core instance $alloc (instantiate $Alloc (with "" (instance
    (export "log" (func $log-l)) (export "new" (func $new)) (export "armed" (global $mem "armed"))))))
  (core func $get-l (canon lower (func $get) (memory (core memory $mem "mem")) (realloc (core func $alloc "realloc"))))
  (core module $M
    (import "" "log" (func $log))
    (import "" "get" (func $get (param i32)))
    (import "" "armed" (global $armed (mut i32)))
    (import "" "mem" (memory 1))
    (func (export "f") (param i32 i32 i32) (call $log))
    (func (export "run") (result i32) (call $get (i32.const 16)) (i32.load (i32.const 20)))
    (func (export "arm") (param i32) (global.set $armed (local.get 0))))
  (core instance $m (instantiate $M (with "" (instance
    (export "log" (func $log-l)) (export "get" (func $get-l)) (export "armed" (global $mem "armed")) (export "mem" (memory $mem "mem"))))))
  (func (export "f") (param "s" string) (param "n" u8)
    (canon lift (core func $m "f") (memory (core memory $mem "mem")) (realloc (core func $alloc "realloc"))))
  (func (export "run") (result u32) (canon lift (core func $m "run")))
  (func (export "arm") (param "on" u32) (canon lift (core func $m "arm"))))`;

/** A bump `realloc` over `$mem`'s memory that first calls `log` when `armed` is 1, and `ping` when it is 2. */
const ALLOC = `(core module $Alloc
    (import "" "log" (func $log))
    (import "" "ping" (func $ping))
    (import "" "armed" (global $armed (mut i32)))
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (if (i32.eq (global.get $armed) (i32.const 1)) (then (call $log)))
      (if (i32.eq (global.get $armed) (i32.const 2)) (then (call $ping)))
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
      (local.get $p)))
  (core instance $alloc (instantiate $Alloc (with "" (instance
    (export "log" (func $log-l)) (export "ping" (func $ping-l)) (export "armed" (global $mem "armed"))))))`;

/**
 * A calls B's `f(s: string)` (lowering `s` into B runs B's realloc; B's body then calls `log`) and
 * `g() -> string` (lowering the result into A runs A's realloc; A's body then calls `log`). `arm-a`/`arm-b` make
 * that side's realloc call `log` (1) or the import `ping` (2: B's `ping`, for A a fused import itself).
 */
const NESTED = `(component
  (import "log" (func $log))
  (component $B
    (import "log" (func $log))
    (core func $log-l (canon lower (func $log)))
    (core module $Mem (memory (export "mem") 1) (global (export "armed") (mut i32) (i32.const 0)) (data (i32.const 8) "hey"))
    (core instance $mem (instantiate $Mem))
    (core module $P (func (export "ping")))
    (core instance $p (instantiate $P))
    (alias core export $p "ping" (core func $ping-l))
    ${ALLOC}
    (core module $M
      (import "" "log" (func $log))
      (import "" "armed" (global $armed (mut i32)))
      (import "" "mem" (memory 1))
      (func (export "f") (param i32 i32) (call $log))
      (func (export "g") (result i32) (i32.store (i32.const 0) (i32.const 8)) (i32.store (i32.const 4) (i32.const 3)) (i32.const 0))
      (func (export "arm") (param i32) (global.set $armed (local.get 0))))
    (core instance $m (instantiate $M (with "" (instance
      (export "log" (func $log-l)) (export "armed" (global $mem "armed")) (export "mem" (memory $mem "mem"))))))
    (func (export "f") (param "s" string)
      (canon lift (core func $m "f") (memory (core memory $mem "mem")) (realloc (core func $alloc "realloc"))))
    (func (export "g") (result string) (canon lift (core func $m "g") (memory (core memory $mem "mem"))))
    (func (export "ping") (canon lift (core func $p "ping")))
    (func (export "arm") (param "on" u32) (canon lift (core func $m "arm"))))
  (component $A
    (import "log" (func $log))
    (import "ping" (func $ping))
    (import "f" (func $f (param "s" string)))
    (import "g" (func $g (result string)))
    (core func $log-l (canon lower (func $log)))
    (core func $ping-l (canon lower (func $ping)))
    (core module $Mem (memory (export "mem") 1) (global (export "armed") (mut i32) (i32.const 0)) (data (i32.const 0) "hi"))
    (core instance $mem (instantiate $Mem))
    ${ALLOC}
    (core func $f-l (canon lower (func $f) (memory (core memory $mem "mem"))))
    (core func $g-l (canon lower (func $g) (memory (core memory $mem "mem")) (realloc (core func $alloc "realloc"))))
    (core module $M
      (import "" "log" (func $log))
      (import "" "f" (func $f (param i32 i32)))
      (import "" "g" (func $g (param i32)))
      (import "" "armed" (global $armed (mut i32)))
      (import "" "mem" (memory 1))
      (func (export "run-f") (call $f (i32.const 0) (i32.const 2)))
      (func (export "run-g") (result i32) (call $g (i32.const 16)) (call $log) (i32.load (i32.const 20)))
      (func (export "arm") (param i32) (global.set $armed (local.get 0))))
    (core instance $m (instantiate $M (with "" (instance (export "log" (func $log-l)) (export "f" (func $f-l))
      (export "g" (func $g-l)) (export "armed" (global $mem "armed")) (export "mem" (memory $mem "mem"))))))
    (func (export "run-f") (canon lift (core func $m "run-f")))
    (func (export "run-g") (result u32) (canon lift (core func $m "run-g")))
    (func (export "arm") (param "on" u32) (canon lift (core func $m "arm"))))
  (instance $b (instantiate $B (with "log" (func $log))))
  (instance $a (instantiate $A (with "log" (func $log)) (with "ping" (func $b "ping")) (with "f" (func $b "f")) (with "g" (func $b "g"))))
  (export "run-f" (func $a "run-f"))
  (export "run-g" (func $a "run-g"))
  (export "arm-a" (func $a "arm"))
  (export "arm-b" (func $b "arm")))`;

const leaves = (e: unknown): boolean => e instanceof Trap && /cannot leave component instance during realloc/.test((e as Error).message);

describe('may_leave during realloc', () => {
  for (const mode of ['codegen', 'interp'] as const) {
    const make = async (get: () => string = () => 'hello'): Promise<{ ex: Record<string, any>; log: () => number }> => {
      let calls = 0;
      const ex = new Component(await assemble(GUEST), { mode }).instantiate({ log: () => { calls++; }, get }).exports as Record<string, any>;
      return { ex, log: () => calls };
    };

    it(`lowering an export's argument: a realloc calling an import traps (${mode})`, async () => {
      const { ex, log } = await make();
      ex.arm(1);
      assert.throws(() => ex.f('hi', 1), (e: unknown) => leaves(e) && /\bf\b/.test((e as Error).message));
      assert.equal(log(), 0, 'the host was not called');
      assert.throws(() => ex.arm(0), /poisoned/, 'the trap poisoned the instance');
    });

    it(`lowering an export's argument: a realloc calling resource.new traps (${mode})`, async () => {
      const { ex } = await make();
      ex.arm(2);
      assert.throws(() => ex.f('hi', 1), (e: unknown) => leaves(e) && /resource\.new/.test((e as Error).message));
    });

    it(`lowering an import's result: a realloc calling an import traps (${mode})`, async () => {
      const { ex, log } = await make();
      assert.equal(ex.run(), 5);
      ex.arm(1);
      assert.throws(() => ex.run(), leaves);
      assert.equal(log(), 0);
    });

    it(`after realloc the guest may leave again, also when a later argument was rejected (${mode})`, async () => {
      const { ex, log } = await make();
      ex.f('hi', 1); // realloc ran, then the body called log
      assert.equal(log(), 1);
      assert.throws(() => ex.f('hi', 300), RangeError); // realloc ran for `s`, then `n` was rejected
      ex.f('again', 2);
      assert.equal(log(), 2, 'the body may call an import after a rejected call');
      assert.equal(ex.run(), 5);
    });
  }

  // Component to component: fused adapters (memory to memory, codegen/fused.ts and interp/fuse.ts, which
  // transpiled components use) and the path through JS values (`fuse: false`) must clear the same flags.
  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    for (const fuse of [false, true]) {
      const make = async (): Promise<{ ex: Record<string, any>; log: () => number }> => {
        const bytes = await assemble(NESTED);
        const c = mode === 'aot' ? await compileAot(bytes, { fuse, features: [] }) : new Component(bytes, { mode, fuse });
        let calls = 0;
        const before = fuseStats.fused;
        const out = c.instantiate({ log: () => { calls++; } });
        const ex = ('exports' in out ? out.exports : out) as Record<string, any>;
        // f, g and ping cross fused when asked to (and only then).
        assert.equal(fuseStats.fused - before, fuse ? 3 : 0, 'fused adapters made');
        return { ex, log: () => calls };
      };
      const at = `${mode}, fuse: ${fuse}`;

      it(`component to component: without a call out, both sides may leave again after the copies (${at})`, async () => {
        const { ex, log } = await make();
        ex.runF();
        assert.equal(log(), 1, 'the callee called log after its realloc ran');
        assert.equal(ex.runG(), 3);
        assert.equal(log(), 2, 'the caller called log after its realloc ran');
        ex.runF();
        assert.equal(log(), 3);
      });

      it(`component to component: the callee's realloc calling an import traps (${at})`, async () => {
        const { ex, log } = await make();
        ex.armB(1);
        assert.throws(() => ex.runF(), leaves);
        assert.equal(log(), 0, 'the host was not called');
      });

      it(`component to component: the caller's realloc calling an import traps while the result is copied (${at})`, async () => {
        const { ex, log } = await make();
        ex.armA(1);
        assert.throws(() => ex.runG(), leaves);
        assert.equal(log(), 0, 'the host was not called');
      });

      it(`component to component: the caller's realloc calling another instance's export traps (${at})`, async () => {
        const { ex, log } = await make();
        ex.armA(2);
        assert.throws(() => ex.runG(), (e: unknown) => leaves(e) && /\bping\b/.test((e as Error).message));
        assert.equal(log(), 0);
      });
    }
  }
});
