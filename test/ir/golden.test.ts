// Golden files for what kumiki itself prints and generates (issue 9, Build 4): per fixture, the adapter plans as
// `kumiki inspect --adapters` prints them (`<name>.plans.txt`) and the generated adapter factories codegen and
// `kumiki transpile` emit (`<name>.adapters.js`), so that a change to either shows in review as a diff of these files.
// Regenerate after an intended change with `KUMIKI_UPDATE_GOLDEN=1 node dist/scripts/test.js test/ir/golden`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readComponent } from '../../src/binary/read.js';
import { validateComponent } from '../../src/validate/index.js';
import { buildProgram, newBuildState } from '../../src/program/program.js';
import { printPlan } from '../../src/abi/plan-print.js';
import { liftSource, lowerSource } from '../../src/codegen/adapter.js';
import type { AdapterPlan } from '../../src/abi/plan.js';
import { assemble, BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../support/build.js';
import { SIBLINGS } from '../support/nested-fixtures.js';
import { chainComponent, chainFusedComponent } from './chains.js';
import { printFused } from '../../src/abi/fuse-plan.js';
import { fusedSource } from '../../src/codegen/fused.js';
import { fusedComponent } from '../fused/fixture.js';
import { CM64 } from './cm64-fixture.js';

const GOLDEN = join(repoRoot, 'test', 'ir', 'golden');
const UPDATE = process.env['KUMIKI_UPDATE_GOLDEN'] === '1';
const here = join(repoRoot, 'examples', 'greeter');

const FIXTURES: readonly { name: string; bytes: () => Promise<Uint8Array>; features?: readonly string[] }[] = [
  { name: 'greeter', bytes: async () => witComponent(readFileSync(join(here, 'greeter.wit'), 'utf8'), 'greeter', readFileSync(join(here, 'greeter.wat'), 'utf8')) },
  { name: 'bench', bytes: async () => witComponent(BENCH_WIT, 'bench', BENCH_CORE) },
  { name: 'resources', bytes: async () => assemble(SIBLINGS) },
  { name: 'chain-tuple-4', bytes: async () => assemble(chainComponent('tuple', 4)) },
  { name: 'chain-result-3', bytes: async () => assemble(chainComponent('result', 3)) },
  { name: 'cm64', bytes: async () => assemble(CM64), features: ['cm64'] },
];

/** Components with fused pairs (a lower `c#f` or `f` whose callee is a sibling's first lift `f`): the composed plan
 *  as printed, and the generated fused adapter. */
const FUSED: readonly { name: string; bytes: () => Promise<Uint8Array> }[] = [
  { name: 'fused-chain-result-2', bytes: async () => assemble(chainFusedComponent('result', 2)) },
  {
    name: 'fused-strings',
    bytes: async () => assemble(fusedComponent([
      { name: 'echo', sig: '(param "s" string) (result string)', flat: 2, retArea: true },
      { name: 'names', sig: '(param "xs" (list string)) (result (list string))', flat: 2, retArea: true },
    ], 'utf8', 'utf16')),
  },
];

/** The plans of a component, as the runtime and `kumiki transpile` build them (no core module compiled). */
function plans(bytes: Uint8Array, features: readonly string[]): AdapterPlan[] {
  const tree = readComponent(bytes);
  const { view } = validateComponent(tree, { features, coreValidator: () => undefined });
  const state = newBuildState();
  buildProgram(tree, view, state);
  return state.plans;
}

function check(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) assert.fail(`${file} did not exist: written; check it in`);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  const a = actual.split('\n'), e = expected.split('\n');
  let i = 0;
  while (i < a.length && a[i] === e[i]) i++;
  assert.fail(`${file} differs from the golden file at line ${i + 1}:\n  golden: ${e[i] ?? '(end)'}\n  now:    ${a[i] ?? '(end)'}\n`
    + 'if the change is intended: KUMIKI_UPDATE_GOLDEN=1 node dist/scripts/test.js test/ir/golden');
}

describe('golden files: plans and generated adapters', () => {
  for (const fx of FIXTURES) {
    it(fx.name, async () => {
      const ps = plans(await fx.bytes(), fx.features ?? []);
      assert.ok(ps.length > 0);
      check(`${fx.name}.plans.txt`, `${ps.map(printPlan).join('\n\n')}\n`);
      const adapters = ps.map((p, i) => {
        const { source, consts } = p.direction === 'lift' ? liftSource(p) : lowerSource(p);
        return `// ${i}: ${p.direction} ${p.name}  k = ${JSON.stringify(consts)}\nfunction (h, k, env) {\n${source}\n}`;
      });
      check(`${fx.name}.adapters.js`, `${adapters.join('\n\n')}\n`);
    });
  }
  it('kumiki inspect --adapters prints the same plans (here for a cm64 component, with --features)', async () => {
    const file = join(repoRoot, '.cache', 'ir-cm64.wasm');
    writeFileSync(file, await assemble(CM64));
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kumiki.js'), 'inspect', file, '--adapters', '--features', 'cm64'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const plans = readFileSync(join(GOLDEN, 'cm64.plans.txt'), 'utf8');
    assert.ok(r.stdout.endsWith(`adapters:\n${plans}`), r.stdout.slice(-500));
    const gated = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kumiki.js'), 'inspect', file, '--adapters'], { encoding: 'utf8' });
    assert.notEqual(gated.status, 0);
    assert.match(gated.stderr, /cm64/);
  });
  for (const fx of FUSED) {
    it(fx.name, async () => {
      const ps = plans(await fx.bytes(), []);
      const pairs = ps.filter((p) => p.direction === 'lower').map((lo) => [lo, ps.find((p) => p.direction === 'lift' && p.name === lo.name.replace(/^c#/, ''))!] as const);
      assert.ok(pairs.length > 0 && pairs.every(([, li]) => li !== undefined));
      check(`${fx.name}.fused.txt`, `${pairs.map(([lo, li]) => printFused(lo, li)).join('\n\n')}\n`);
      check(`${fx.name}.fused.js`, `${pairs.map(([lo, li]) => `// ${lo.name} → ${li.name}\nfunction (h, f, k, a, b) {\n${fusedSource(lo, li)}\n}`).join('\n\n')}\n`);
    });
  }
});
