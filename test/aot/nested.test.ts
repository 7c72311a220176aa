// Nested components and component instances through a transpiled component: a resource type defined in one nested
// instance and used by a sibling through a type import (own moves, borrows, the defining instance's destructor),
// a host class passed down as a type argument, a component start function, and the ancestor rule of may_enter.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { PARENT_CALLS_CHILD } from '../support/reentrance-fixtures.js';
import { transpileAndImport } from '../support/wast-run-aot.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

/** Two nested components: `Impl` defines resource `r`; `User` imports Impl's instance (type import) and uses it. */
const SIBLINGS = `(component
  (component $Impl
    (core module $S
      (global $n (mut i32) (i32.const 0))
      (func (export "dtor") (param i32) (global.set $n (i32.add (global.get $n) (i32.const 1))))
      (func (export "count") (result i32) (global.get $n)))
    (core instance $s (instantiate $S))
    (alias core export $s "dtor" (core func $dtor))
    (type $r (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      (func (export "get") (param i32) (result i32) (local.get 0)))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new))))))
    (export $rx "r" (type $r))
    (func (export "make") (param "v" u32) (result (own $rx)) (canon lift (core func $m "make")))
    (func (export "get") (param "x" (borrow $rx)) (result u32) (canon lift (core func $m "get")))
    (func (export "count") (result u32) (canon lift (core func $s "count"))))
  (component $User
    (import "impl" (instance $impl
      (export "r" (type $r (sub resource)))
      (export "make" (func (param "v" u32) (result (own $r))))
      (export "get" (func (param "x" (borrow $r)) (result u32)))))
    (alias export $impl "r" (type $r))
    (core func $make (canon lower (func $impl "make")))
    (core func $get (canon lower (func $impl "get")))
    (core func $drop (canon resource.drop $r))
    (core module $U
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "get" (func $get (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "run") (param i32) (result i32) (local $h i32) (local $v i32)
        (local.set $h (call $make (local.get 0)))
        (local.set $v (call $get (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v)))
    (core instance $u (instantiate $U (with "" (instance
      (export "make" (func $make)) (export "get" (func $get)) (export "drop" (func $drop))))))
    (func (export "run") (param "v" u32) (result u32) (canon lift (core func $u "run"))))
  (instance $impl (instantiate $Impl))
  (instance $user (instantiate $User (with "impl" (instance $impl))))
  (export $rr "r" (type $impl "r"))
  (export "run" (func $user "run"))
  (export "make" (func $impl "make") (func (param "v" u32) (result (own $rr))))
  (export "count" (func $impl "count"))
  (export "impl" (instance $impl))
)`;

/** A host resource type import passed to a nested component as a type argument; a start function. */
const HOST_TYPE = `(component
  (import "blob" (type $blob (sub resource)))
  (import "[method]blob.size" (func $size (param "self" (borrow $blob)) (result u32)))
  (import "hello" (func $hello))
  (component $Inner
    (import "b" (type $b (sub resource)))
    (import "size" (func $size (param "self" (borrow $b)) (result u32)))
    (core func $size-l (canon lower (func $size)))
    (core func $drop (canon resource.drop $b))
    (core module $M
      (import "" "size" (func $size (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "twice") (param $h i32) (result i32) (local $v i32)
        (local.set $v (i32.mul (call $size (local.get $h)) (i32.const 2)))
        (call $drop (local.get $h))
        (local.get $v)))
    (core instance $m (instantiate $M (with "" (instance (export "size" (func $size-l)) (export "drop" (func $drop))))))
    (func (export "twice") (param "x" (borrow $b)) (result u32) (canon lift (core func $m "twice"))))
  (instance $i (instantiate $Inner (with "b" (type $blob)) (with "size" (func $size))))
  (export "twice" (func $i "twice"))
  (start $hello)
)`;

async function both(text: string, name: string, features: string[] = []): Promise<{ jit: (imports?: Record<string, unknown>) => Record<string, any>; aot: (imports?: Record<string, unknown>) => Promise<Record<string, any>> }> {
  const bytes = await assemble(text);
  const c = new Component(bytes, { features });
  const { module } = await transpileAndImport(bytes, 'nested', { name, features });
  return { jit: (imports = {}) => c.instantiate(imports).exports as Record<string, any>, aot: async (imports = {}) => (await module.instantiate(imports)) as Record<string, any> };
}

describe('nested components: transpiled vs JIT', () => {
  let siblings: Awaited<ReturnType<typeof both>>;
  before(async () => { siblings = await both(SIBLINGS, 'siblings'); });

  it('a sibling imports a resource type: own moves, borrows, drop runs the defining instance\'s destructor', async () => {
    const run = (ex: Record<string, any>): unknown[] => [ex.run(7), ex.count(), ex.run(9), ex.count()];
    const got = run(await siblings.aot());
    assert.deepStrictEqual(got, [7, 1, 9, 2]);
    assert.deepStrictEqual(got, run(siblings.jit()));
  });

  it('an exported resource type is a class; an exported component instance is an object of its exports', async () => {
    const ex = await siblings.aot();
    const r = ex.make(3);
    assert.ok(r instanceof ex.R);
    r[Symbol.dispose]();
    assert.equal(ex.count(), 1);
    assert.equal(typeof ex.impl.make, 'function');
    assert.ok(ex.impl.make(4) instanceof ex.R, 'the instance export shares the resource type');
    assert.deepStrictEqual(Object.keys(ex).sort(), Object.keys(siblings.jit()).sort());
  });

  it('a host class satisfies a type import passed down; the start function runs once per instantiation', async () => {
    const { aot, jit } = await both(HOST_TYPE, 'hosttype', ['cm-values']);
    class Blob { constructor(readonly n: number) {} size(): number { return this.n; } }
    let hellos = 0;
    const ex = await aot({ Blob, hello: () => { hellos++; } });
    assert.equal(hellos, 1);
    assert.equal(ex.twice(new Blob(21)), 42);
    assert.equal(jit({ Blob, hello: () => { hellos++; } }).twice(new Blob(21)), 42);
    assert.throws(() => ex.twice({ size: () => 1 }), (e: unknown) => e instanceof TypeError && /twice\(x\)/.test((e as Error).message));
    assert.equal(ex.twice(new Blob(4)), 8, 'a bad argument is not a trap');
  });

  it('a parent calling into its child while on the stack traps (call_might_be_recursive)', async () => {
    const { aot } = await both(PARENT_CALLS_CHILD, 'parentchild');
    const ex = await aot();
    ex.f();
    assert.throws(() => ex.g(), (e: unknown) => e instanceof Trap && /cannot enter component instance/.test((e as Error).message));
  });
});
