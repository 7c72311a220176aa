// Nested components and component instances through a transpiled component: a resource type defined in one nested
// instance and used by a sibling through a type import (own moves, borrows, the defining instance's destructor),
// a host class passed down as a type argument, a component start function, and the ancestor rule of may_enter.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { PARENT_CALLS_CHILD } from '../support/reentrance-fixtures.js';
import { hostTypeComponent, SIBLINGS } from '../support/nested-fixtures.js';
import { transpileAndImport } from '../support/wast-run-aot.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

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
    const { aot, jit } = await both(hostTypeComponent(true), 'hosttype', ['cm-values']);
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
