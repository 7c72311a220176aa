// Differential: the declarations kumiki generates and the ones `jco transpile` writes for the same component are
// assignable to each other, so code typed against either works with both (DESIGN.md §4: same JS shapes as jco).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { transpile } from '@bytecodealliance/jco';
import { validate } from '../../src/validate/index.js';
import { componentTypeToDts } from '../../src/tools/dts.js';
import { repoRoot } from '../support/build.js';
import { shapesComponent } from './fixture.js';

const CHECK = `import type { Root } from './jco/component.js';
import type { Exports } from './kumiki.js';
declare const fromJco: Root;
declare const fromKumiki: Exports;
export const a: Exports = fromJco;
export const b: Root = fromKumiki;
// Spot checks that the two really describe the same functions (not two empty types).
export const n: number = fromJco.api.check(1) + fromKumiki.api.check(1);
export const s: 'red' | 'dark-green' = fromKumiki['test:shapes/api'].colorOf(0);
`;

/** Writes jco's declarations (under jco/), kumiki's (kumiki.d.ts) and `check` for `bytes`, and type-checks. */
async function checkAgainstJco(bytes: Uint8Array, check: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-jco-dts-'));
  try {
    const { files } = await transpile(bytes, { name: 'component', instantiation: 'sync', quiet: true });
    let jcoDecls = 0;
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.d.ts')) continue;
      const p = join(dir, 'jco', name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
      jcoDecls++;
    }
    assert.ok(jcoDecls >= 2, 'jco wrote no declarations');
    writeFileSync(join(dir, 'kumiki.d.ts'), componentTypeToDts(validate(bytes)));
    writeFileSync(join(dir, 'check.ts'), check);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    // jco's component.d.ts names WebAssembly types: lib dom.
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,esnext.disposable,dom', '--types', '', join(dir, 'check.ts')], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('kumiki\'s .d.ts and jco\'s agree for a component with records, enums, flags, variants, options, results', async () => {
  await checkAgainstJco(await shapesComponent(), CHECK);
});

/** jco declares no `[Symbol.dispose]` on resource classes (its runtime has it); kumiki does, as DESIGN.md §4 says. */
const RES_CHECK = `import type { Root, ImportObject } from './jco/component.js';
import type { Exports, Imports, Api } from './kumiki.js';
declare const jcoImports: ImportObject;
declare const kumikiImports: Imports;
export const a: Imports = jcoImports;
export const b: ImportObject = kumikiImports;
type JcoCounter = InstanceType<Root['api']['Counter']>;
declare const jcoCounter: JcoCounter & Disposable;
declare const kumikiCounter: Api.Counter;
export const c: Api.Counter = jcoCounter;
export const d: JcoCounter = kumikiCounter;
declare const kumiki: Exports;
export const e: Root['api']['Counter']['make'] = kumiki.api.Counter.make;
`;

test('resources: imports objects are interchangeable with jco\'s; classes differ only by the declared Symbol.dispose', async () => {
  const { resComponent } = await import('../resources/fixture.js');
  await checkAgainstJco(await resComponent(), RES_CHECK);
});
