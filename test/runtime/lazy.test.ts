// Adapters made on first call (entries/lazy-adapter.ts, issue 16): a component with many functions is planned at
// compile time (every type and link error is found there) and each adapter is made when its function is first
// called. Values and errors must be exactly those of adapters made at compile time, in codegen and interp; the spec
// runtime scripts are also run with `lazy: true` (test/spec-runtime/spec.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { BENCH_CORE, BENCH_WIT, witComponent } from '../support/build.js';
import { callOf, manyFunctions } from '../support/many-functions.js';

await Component.loadInterpreter();

type Fn = (...args: unknown[]) => unknown;

/** The outcome of a call, comparable across instances: its value, or the error's class and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/** Calls that fail in the adapter (argument checks) for function `i`, by its signature. */
function badCalls(i: number): unknown[][] {
  switch (i % 5) {
    case 0: return [['1', 2], [2 ** 32, 0], [1]];
    case 1: return [[7], [undefined]];
    case 2: return [[new Float32Array(2)], [[1, -1]]];
    case 3: return [[1n, 2]];
    default: return [[{ x: 1 }], [null]];
  }
}

// 100 functions: codegen's stubs are generated per adapter; 1,000: stubs shared per arity (component.ts).
for (const N of [100, 1000]) describe(`a component with ${N} exported functions: adapters made on first call`, () => {
  for (const mode of ['codegen', 'interp'] as const) {
    it(`is lazy by default and every function gives what the adapters made at compile give (${mode})`, async () => {
      const bytes = await manyFunctions(N);
      const lazy = await Component.compile(bytes, { mode });
      const eager = await Component.compile(bytes, { mode, lazy: false });
      const lx = lazy.instantiate().exports as Record<string, Fn>;
      const ex = eager.instantiate().exports as Record<string, Fn>;
      assert.equal(Object.keys(lx).length, N);
      for (let i = 0; i < N; i++) {
        const name = `fun${i}`;
        const { args, result } = callOf(i);
        // Failing calls first: the first call of a function may be one that fails.
        for (const bad of badCalls(i)) {
          const got = outcome(() => lx[name]!(...bad));
          assert.deepEqual(got, outcome(() => ex[name]!(...bad)), `${name}(${bad.map(String).join(', ')})`);
          assert.ok((got as { error?: string }).error !== undefined, `${name}(${bad.map(String).join(', ')}) should fail`);
        }
        assert.deepEqual(outcome(() => lx[name]!(...args)), { value: result }, name);
      }
    });
  }

  it(`an instance made after a first call gets the adapter itself; earlier instances keep working (${N})`, async () => {
    const bytes = await manyFunctions(N);
    const c = await Component.compile(bytes);
    const a = c.instantiate().exports as Record<string, Fn>;
    const stub = a.fun3!;
    assert.equal(stub(1, 2), 3);
    const b = c.instantiate().exports as Record<string, Fn>;
    // Codegen names the adapter after the function (`$fun3`); the stub of instance `a` stays in `a`, forwarding.
    assert.equal(b.fun3!.name, '$fun3');
    assert.notEqual(stub.name, '$fun3');
    assert.equal(b.fun3!(3, 4), 7);
    assert.equal(a.fun3!(5, 6), 11);
    // A function not called yet is still a stub in a new instance.
    assert.notEqual((c.instantiate().exports as Record<string, Fn>).fun8!.name, '$fun8');
  });
});

describe('lazy adapters on a small component (forced with lazy: true)', () => {
  for (const mode of ['codegen', 'interp'] as const) {
    it(`a first call that fails leaves the instance as an eager adapter's does (${mode})`, async () => {
      const bytes = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
      const run = (lazy: boolean): unknown[] => {
        const api = new Component(bytes, { mode, lazy }).instantiate().exports.api as unknown as Record<string, Fn>;
        // Not a list: rejected by sum's adapter, made by that very call.
        const big = { length: 2 ** 30 } as unknown as number[];
        return [outcome(() => api.add!(1, 2)), outcome(() => api.sum!(big)), outcome(() => api.noop!()), outcome(() => api.echo!('x'))];
      };
      const lazyRun = run(true);
      assert.deepEqual(lazyRun, run(false));
      assert.deepEqual(lazyRun[0], { value: 3 });
      assert.ok((lazyRun[1] as { error?: string }).error !== undefined, 'the huge list fails');
    });
  }
});

describe('adapters of one type share one generated factory (codegen/adapter.ts shareKey)', () => {
  it('functions sharing a factory keep their own names, values and error messages', async () => {
    const bytes = await manyFunctions(100);
    const shared = (await Component.compile(bytes, { lazy: false })).instantiate().exports as Record<string, Fn>;
    const own = (await Component.compile(bytes, { lazy: false, share: false })).instantiate().exports as Record<string, Fn>;
    for (let i = 0; i < 100; i++) {
      const name = `fun${i}`;
      // fun0, fun5, fun10... share one factory: each still says which function and parameter failed.
      assert.equal(shared[name]!.name, `$${name}`);
      for (const bad of badCalls(i)) {
        const got = outcome(() => shared[name]!(...bad)) as { message?: string };
        assert.deepEqual(got, outcome(() => own[name]!(...bad)));
        assert.match(got.message ?? '', new RegExp(`^${name}\\(`));
      }
      const { args, result } = callOf(i);
      assert.deepEqual(outcome(() => shared[name]!(...args)), { value: result });
    }
  });

  it('a shared key takes names and locations out, and keeps object keys, property keys and case labels', async () => {
    const { shareKey } = await import('../../src/codegen/adapter.js');
    const a = shareKey('  return function $f1(a0) {\n    if (x) h.badValue(\'u32\', a0, "f1(a)"); // "q"\n    const r = { "x-y": o["k"] }; switch (t) { case "ok": return "f1"; }\n  }');
    const b = shareKey('  return function $f2(a0) {\n    if (x) h.badValue(\'u32\', a0, "f2(a)"); // "q"\n    const r = { "x-y": o["k"] }; switch (t) { case "ok": return "f2"; }\n  }');
    assert.equal(a.key, b.key);
    assert.deepEqual([a.strs, b.strs, a.name, b.name], [['f1(a)', 'f1'], ['f2(a)', 'f2'], '$f1', '$f2']);
    assert.match(a.key, /\{ "x-y": o\["k"\] \}/);
    assert.match(a.key, /case "ok":/);
    assert.notEqual(shareKey(a.key.replace('"x-y"', '"x-z"')).key, a.key);
  });
});
