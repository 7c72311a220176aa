// Issue 10, point 3: component boundaries. A trap or a core exception in a callee component never unwinds into the
// calling component's core code, whose `catch_all` would otherwise catch it: the call traps at the boundary (in
// every mode, fused and unfused). And may_enter holds during instantiation: a core start function calling its own
// component's lifted function traps.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { engine, err, MODES, type Engine } from './engines.js';

/** Callee traps / throws a core exception; the caller wraps each call in a legacy `try … catch_all` returning 99. */
const BOUNDARY = `(component
  (component $Callee
    (core module $M
      (tag $t)
      (func (export "trap") (result i32) unreachable)
      (func (export "throw") (result i32) (throw $t))
      (func (export "ok") (result i32) (i32.const 7)))
    (core instance $m (instantiate $M))
    (func (export "trap") (result u32) (canon lift (core func $m "trap")))
    (func (export "throw") (result u32) (canon lift (core func $m "throw")))
    (func (export "ok") (result u32) (canon lift (core func $m "ok"))))
  (component $Caller
    (import "callee" (instance $c
      (export "trap" (func (result u32)))
      (export "throw" (func (result u32)))
      (export "ok" (func (result u32)))))
    (core func $trap (canon lower (func $c "trap")))
    (core func $throw (canon lower (func $c "throw")))
    (core func $ok (canon lower (func $c "ok")))
    (core module $U
      (import "" "trap" (func $trap (result i32)))
      (import "" "throw" (func $throw (result i32)))
      (import "" "ok" (func $ok (result i32)))
      (func (export "catch-trap") (result i32) try (result i32) call $trap catch_all i32.const 99 end)
      (func (export "catch-throw") (result i32) try (result i32) call $throw catch_all i32.const 99 end)
      (func (export "ok") (result i32) (call $ok)))
    (core instance $u (instantiate $U (with "" (instance (export "trap" (func $trap)) (export "throw" (func $throw)) (export "ok" (func $ok))))))
    (func (export "catch-trap") (result u32) (canon lift (core func $u "catch-trap")))
    (func (export "catch-throw") (result u32) (canon lift (core func $u "catch-throw")))
    (func (export "ok") (result u32) (canon lift (core func $u "ok"))))
  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller (with "callee" (instance $callee))))
  (export "catch-trap" (func $caller "catch-trap"))
  (export "catch-throw" (func $caller "catch-throw"))
  (export "ok" (func $caller "ok"))
)`;

/** A core start function that calls (through canon lower) a lifted function of its own component. */
const START_REENTERS = `(component
  (core module $A (func (export "f") (result i32) (i32.const 1)))
  (core instance $a (instantiate $A))
  (func $f (result u32) (canon lift (core func $a "f")))
  (core func $fl (canon lower (func $f)))
  (core module $B (import "" "f" (func $f (result i32))) (func $start (drop (call $f))) (start $start))
  (core instance $b (instantiate $B (with "" (instance (export "f" (func $fl))))))
  (export "f" (func $f))
)`;

/** Impl's destructor traps; User drops an Impl handle inside `try … catch_all`. */
const DTOR_TRAPS = `(component
  (component $Impl
    (core module $S (func (export "dtor") (param i32) unreachable))
    (core instance $s (instantiate $S))
    (alias core export $s "dtor" (core func $dtor))
    (type $r (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0))))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new))))))
    (export $rx "r" (type $r))
    (func (export "make") (param "v" u32) (result (own $rx)) (canon lift (core func $m "make"))))
  (component $User
    (import "impl" (instance $impl
      (export "r" (type $r (sub resource)))
      (export "make" (func (param "v" u32) (result (own $r))))))
    (alias export $impl "r" (type $r))
    (core func $make (canon lower (func $impl "make")))
    (core func $drop (canon resource.drop $r))
    (core module $U
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "run") (result i32)
        try (result i32) (call $drop (call $make (i32.const 1))) i32.const 1 catch_all i32.const 99 end))
    (core instance $u (instantiate $U (with "" (instance (export "make" (func $make)) (export "drop" (func $drop))))))
    (func (export "run") (result u32) (canon lift (core func $u "run"))))
  (instance $impl (instantiate $Impl))
  (instance $user (instantiate $User (with "impl" (instance $impl))))
  (export "run" (func $user "run"))
)`;

type Api = { ok(): number; catchTrap(): number; catchThrow(): number };

for (const mode of MODES) {
  describe(`hostile boundaries: ${mode}`, () => {
    const engines: [string, Engine][] = [];
    let start: Engine;
    let dtor: Engine;
    before(async () => {
      const bytes = await assemble(BOUNDARY);
      engines.push([mode, await engine(bytes, mode)]);
      if (mode !== 'aot') {
        // Unfused: the callee's lift and the caller's lower through JS.
        await Component.loadInterpreter();
        const c = new Component(bytes, { mode, fuse: false });
        engines.push([`${mode} unfused`, { mode, instantiate: (i) => c.instantiate(i ?? {}).exports }]);
      }
      start = await engine(await assemble(START_REENTERS), mode);
      dtor = await engine(await assemble(DTOR_TRAPS), mode);
    });

    it('a callee trap is not caught by the caller\'s catch_all: the call traps with the callee\'s cause', () => {
      for (const [what, e] of engines) {
        const api = e.instantiate() as unknown as Api;
        assert.equal(api.ok(), 7, what);
        assert.throws(() => api.catchTrap(), err(Trap, /^catch-trap: trap: wasm `unreachable` instruction executed$/), what);
        assert.throws(() => api.ok(), err(Trap, /poisoned/), `${what}: the caller is poisoned`);
      }
    });

    it('a core exception thrown by the callee traps at the boundary too', () => {
      for (const [what, e] of engines) {
        const api = e.instantiate() as unknown as Api;
        assert.throws(() => api.catchThrow(), err(Trap, /^catch-throw: throw: uncaught core exception \(an exception cannot leave a component instance\)$/), what);
      }
    });

    it('a destructor trapping in the implementing component, run by the caller\'s resource.drop, traps at the boundary', () => {
      const api = dtor.instantiate() as unknown as { run(): number };
      assert.throws(() => api.run(), err(Trap, /^run: r destructor: .*unreachable/));
    });

    it('a core start function calling its own component\'s lifted function traps (may_enter during instantiation)', () => {
      assert.throws(() => start.instantiate(), err(Trap, /cannot enter component instance/));
    });
  });
}
