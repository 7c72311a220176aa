// Linear code (issue 9, Build 2): for chains of nested types, each level using the previous one twice, up to the
// validator's type-size limit, the generated module (adapters + fused-plan data) and its `.d.ts` grow by about the
// same amount per level, where inlining every use doubled them (a 526-byte component gave 12.9 MB of JS). The same
// for `kumiki types` from WIT. Over-deep types (built by hand, or from WIT, which has no validator limit) are a
// clean error naming the limit, never the engine's stack overflow. Values still cross correctly in every mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, parseWit } from '../../src/index.js';
import { transpile } from '../../src/tools/transpile.js';
import { componentTypeToDts } from '../../src/tools/dts.js';
import { worldToComponentType } from '../../src/wit/to-types.js';
import { buildPlan } from '../../src/abi/plan.js';
import { flattenType } from '../../src/abi/flatten.js';
import { elemSize } from '../../src/abi/layout.js';
import { UnsupportedError, ValidationError } from '../../src/errors.js';
import type { ValType } from '../../src/types/index.js';
import { assemble } from '../support/build.js';
import { chainComponent, chainFusedComponent, chainValue, type ChainKind } from './chains.js';
import { fusedSource } from '../../src/codegen/fused.js';
import { printFused } from '../../src/abi/fuse-plan.js';
import { printPlan } from '../../src/abi/plan-print.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';

await Component.loadInterpreter();

/** Asserts that `sizes` (by level, from level `from`) grow by roughly constant steps: linear, not geometric. */
function assertLinear(sizes: readonly number[], from: number, what: string): void {
  const steps: number[] = [];
  for (let k = from + 1; k < sizes.length; k++) steps.push(sizes[k]! - sizes[k - 1]!);
  const lo = Math.min(...steps), hi = Math.max(...steps);
  assert.ok(hi <= 2 * Math.max(lo, 0) + 400, `${what}: per-level growth ${steps.join(', ')} is not about constant (sizes ${sizes.join(', ')})`);
}

const KINDS: readonly ChainKind[] = ['tuple', 'result', 'option-tuple', 'list-tuple'];

describe('generated code is linear in the type size', () => {
  for (const kind of KINDS) {
    it(`${kind} chains up to the validator's type-size limit: module JS, .d.ts and plan listings grow linearly`, async () => {
      const js: number[] = [];
      const dts: number[] = [];
      const printed: number[] = [];
      let n = 1;
      for (;; n++) {
        const bytes = await assemble(chainComponent(kind, n));
        let files;
        try {
          files = transpile(bytes).files;
        } catch (e) {
          // The chain ends where the validator's effective type size limit (wasmparser's 1,000,000) does.
          assert.ok(e instanceof ValidationError && /type size exceeds the limit/.test(e.message), String(e));
          break;
        }
        js[n] = (files.get('component.js') as string).length;
        dts[n] = (files.get('component.d.ts') as string).length;
        printed[n] = new Component(bytes).plans.map(printPlan).join('\n').length;
      }
      assert.ok(n > 12, `the chain stopped at level ${n}`);
      const levels = js.length - 1;
      // A few levels first: small types are inlined until they pass the inline budget.
      assertLinear(js, 4, `${kind}: component.js`);
      assertLinear(dts, 4, `${kind}: component.d.ts`);
      assertLinear(printed, 4, `${kind}: inspect --adapters`);
      assert.ok(js[levels]! < 120_000, `component.js at level ${levels}: ${js[levels]} chars`);
    });
  }

  it('values of a nested chain cross the same in codegen and interp (paths named in both)', async () => {
    for (const kind of KINDS) {
      const bytes = await assemble(chainComponent(kind, 3));
      const value = [chainValue(kind, 3), chainValue(kind, 3, 5)];
      for (const mode of ['codegen', 'interp'] as const) {
        const seen: unknown[] = [];
        const inst = new Component(bytes, { mode }).instantiate({ g: (x: unknown) => { seen.push(x); return x; } });
        const f = inst.exports.f as (x: unknown) => unknown;
        assert.deepEqual(f(value), value, `${kind} ${mode}`);
        assert.deepEqual(seen, [value], `${kind} ${mode}: what the host saw`);
        // A wrong value deep inside is named by its path.
        const bad = JSON.parse(JSON.stringify(value)) as unknown[];
        assert.throws(() => f([...bad, 7]), (e: Error) => e instanceof TypeError && /^f\(x\)\[/.test(e.message), `${kind} ${mode}`);
      }
    }
  });

  it('fused adapters between two instances: generated source linear too, and the same values as unfused', async () => {
    for (const kind of KINDS) {
      const sizes: number[] = [];
      const printed: number[] = [];
      for (let n = 1; n <= 15; n++) {
        const c = new Component(await assemble(chainFusedComponent(kind, n)));
        const lower = c.plans.find((p) => p.direction === 'lower')!;
        const lift = c.plans.find((p) => p.direction === 'lift' && p.name === 'f')!;
        sizes[n] = fusedSource(lower, lift).length;
        printed[n] = printFused(lower, lift).length;
      }
      assertLinear(sizes, 4, `${kind}: fused adapter`);
      assertLinear(printed, 4, `${kind}: fused plan listing`);
      const bytes = await assemble(chainFusedComponent(kind, 3));
      const value = [chainValue(kind, 3), chainValue(kind, 3, 6)];
      for (const mode of ['codegen', 'interp'] as const) {
        for (const fuse of [true, false]) {
          const before = fuseStats.fused;
          const run = new Component(bytes, { mode, fuse }).instantiate({}).exports.run as (x: unknown) => unknown;
          assert.deepEqual(run(value), value, `${kind} ${mode} fuse ${fuse}`);
          if (mode === 'codegen') assert.equal(fuseStats.fused > before, fuse, `${kind}: fused only when asked`);
        }
      }
    }
  });

  it('kumiki types from WIT: linear in the number of type definitions', () => {
    const sizes: number[] = [];
    for (let n = 1; n <= 40; n++) {
      let types = 'type t0 = tuple<u32, string>;\n';
      for (let i = 1; i <= n; i++) types += `type t${i} = tuple<t${i - 1}, option<t${i - 1}>>;\n`;
      const wit = `package a:b;\ninterface i {\n${types}f: func(x: t${n}, y: list<tuple<t${n}, t${n}>>) -> t${n};\n}\nworld w { export i; }\n`;
      const p = parseWit({ 'a.wit': wit });
      sizes[n] = componentTypeToDts(worldToComponentType(p.resolve, p.resolve.worlds.length - 1)).length;
    }
    assertLinear(sizes, 4, '.d.ts from WIT');
  });

  it('kumiki types of a world importing and exporting the same interface: equal types compared once', () => {
    // Import and export sides have their own type objects; naming one side's types after the other's compares
    // them structurally, which without memory doubles with every level.
    const t0 = performance.now();
    let types = 'record t0 { a: u32, b: string }\n';
    for (let i = 1; i <= 26; i++) types += `type t${i} = tuple<t${i - 1}, t${i - 1}>;\n`;
    const p = parseWit({ 'a.wit': `package a:b;\ninterface i {\n${types}f: func(x: t26) -> t26;\n}\nworld w { import i; export i; }\n` });
    const dts = componentTypeToDts(worldToComponentType(p.resolve, p.resolve.worlds.length - 1));
    assert.match(dts, /export type T26 = \[T25, T25\];/);
    assert.ok(performance.now() - t0 < 5_000, `took ${performance.now() - t0} ms`);
  });
});

describe('type nesting has a bound', () => {
  /** `option<option<…<u32>…>>`, `depth` levels. */
  function deep(depth: number): ValType {
    let t: ValType = { kind: 'u32' };
    for (let i = 0; i < depth; i++) t = { kind: 'tuple', types: [t] };
    return t;
  }
  const LIMIT = /type nesting is deeper than the limit of 100 levels/;

  it('planning, flattening and layout of an over-deep type are an UnsupportedError naming the limit', () => {
    const opts = { encoding: 'utf8' as const, memory: true, realloc: true, postReturn: false };
    assert.throws(() => buildPlan('f', { kind: 'func', params: [{ name: 'x', type: deep(5000) }] }, opts, 'lift'), (e: Error) => e instanceof UnsupportedError && LIMIT.test(e.message));
    assert.throws(() => flattenType(deep(5001)), (e: Error) => e instanceof UnsupportedError && LIMIT.test(e.message));
    assert.throws(() => elemSize(deep(5002)), (e: Error) => e instanceof UnsupportedError && LIMIT.test(e.message));
    // At the validator's depth it works.
    assert.equal(flattenType(deep(99)).length, 1);
    buildPlan('f', { kind: 'func', params: [{ name: 'x', type: deep(99) }] }, opts, 'lift');
  });

  it('nested fixed-length lists flatten without blowing up (a value with more flat values than any signature is cut)', () => {
    let t: ValType = { kind: 'u8' };
    for (let i = 0; i < 6; i++) t = { kind: 'list', element: t, length: 1000 };
    assert.equal(flattenType(t).length, 17);
  });

  it('a WIT type nested 300 deep: types are declared level by level; planning it is an UnsupportedError naming the limit', () => {
    let types = 'type t0 = u32;\n';
    for (let i = 1; i <= 300; i++) types += `type t${i} = option<t${i - 1}>;\n`;
    const p = parseWit({ 'a.wit': `package a:b;\ninterface i {\n${types}f: func(x: t300);\n}\nworld w { export i; }\n` });
    const ct = worldToComponentType(p.resolve, p.resolve.worlds.length - 1);
    assert.match(componentTypeToDts(ct), /export type T300 = \{ tag: 'some'; val: T299 \} \| \{ tag: 'none' \};/);
    const i = ct.exports.get('a:b/i');
    assert.ok(i?.kind === 'instance');
    const f = i.type.exports.get('f');
    assert.ok(f?.kind === 'func');
    const opts = { encoding: 'utf8' as const, memory: true, realloc: true, postReturn: false };
    assert.throws(() => buildPlan('f', f.type, opts, 'lift'), (e: Error) => e instanceof UnsupportedError && LIMIT.test(e.message));
  });
});
