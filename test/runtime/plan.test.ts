// Adapter plans: the booklet as instructions, printed; and the interp fallback where eval is barred (CSP).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../../src/abi/plan.js';
import { printPlan } from '../../src/abi/plan-print.js';
import { primitive, type FuncType } from '../../src/types/index.js';
import { BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../support/build.js';

const opts = { encoding: 'utf8', memory: true, realloc: true, postReturn: true } as const;

describe('adapter plans', () => {
  it('a string echo lifts as string-to-memory, call-export, memory-to-string, defer post-return', () => {
    const ft: FuncType = { kind: 'func', params: [{ name: 's', type: primitive('string') }], result: primitive('string') };
    const plan = buildPlan('echo', ft, opts, 'lift');
    assert.equal(plan.resultInMemory, true);
    assert.deepEqual(plan.core, { kind: 'func', params: ['i32', 'i32'], results: ['i32'] });
    const text = printPlan(plan);
    const order = ['arg.get s', 'string-to-memory utf8', 'call-export (i32, i32) -> (i32)', 'memory-to-string utf8', 'defer post-return'];
    let at = 0;
    for (const step of order) {
      const i = text.indexOf(step, at);
      assert.ok(i >= at, `'${step}' after position ${at} in:\n${text}`);
      at = i;
    }
  });

  it('lowering (a host import) with a spilled result takes an out-pointer', () => {
    const ft: FuncType = { kind: 'func', params: [], result: { kind: 'tuple', types: [primitive('u64'), primitive('string')] } };
    const plan = buildPlan('get', ft, opts, 'lower');
    assert.deepEqual(plan.core.params, ['i32']);
    assert.deepEqual(plan.core.results, []);
    assert.match(printPlan(plan), /call-import get[\s\S]*tuple-to-memory/);
  });

  it('more than 16 flat params go through memory as a tuple', () => {
    const ft: FuncType = { kind: 'func', params: Array.from({ length: 17 }, (_v, i) => ({ name: `p${i}`, type: primitive('u32') })) };
    const plan = buildPlan('many', ft, opts, 'lift');
    assert.equal(plan.paramsInMemory, true);
    assert.equal(plan.paramsTuple?.size, 68);
  });
});

describe('interp fallback', () => {
  it('is chosen automatically where new Function is barred, and runs the same component', async () => {
    const bytes = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
    const file = join(repoRoot, '.cache', 'bench-component.wasm');
    writeFileSync(file, bytes);
    const script = `
      import { readFileSync } from 'node:fs';
      import { Component } from ${JSON.stringify(join(repoRoot, 'dist/src/index.js'))};
      const c = await Component.compile(readFileSync(${JSON.stringify(file)}));
      const api = c.instantiate().exports.api;
      console.log(JSON.stringify([c.mode, api.add(2, 3), api.echo('é!'), api.makePoint(1, 2)]));`;
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['interp', 5, 'é!', { x: 1, y: 2 }]);
  });
});
