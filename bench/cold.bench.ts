// Cold start (issue 16): what a CLI call, a serverless function or a fresh worker pays before kumiki does anything.
// Each sample is a fresh Node process (the module cache, V8's code cache and the loader all start empty), so one
// figure is the median of `N` processes, with its p25–p75; the contenders alternate process by process so that load
// from other cores hits them alike. `import()` times are taken inside the child (performance.now around the import);
// the CLI is timed end to end from the parent (spawn to exit), with a bare `node -e 0` beside it as the floor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../test/support/build.js';
import { fmtSpread, spread, type Spread } from './timing.js';

const N = 10;

/** ms to import `specifier` in a fresh process (resolved from the repo root, as an installed package would be). */
function importMs(specifier: string): number {
  const code = `const t0 = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t0));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`importing ${specifier} failed: ${r.stderr}`);
  return Number(r.stdout);
}

/** ms from spawn to exit of `node args` (the exit code must be 0). */
function processMs(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

export interface ColdRow { readonly what: string; readonly s: Spread; readonly limit?: number }

/** Every contender sampled `n` times, one fresh process each, in rotating order. */
export function sampleCold(contenders: readonly [string, () => number, number?][], n = N): ColdRow[] {
  const xs: number[][] = contenders.map(() => []);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const i = (r + j) % contenders.length;
      xs[i]!.push(contenders[i]![1]());
    }
  }
  return contenders.map(([what, , limit], i) => ({ what, s: spread(xs[i]!), ...(limit !== undefined ? { limit } : {}) }));
}

export function printCold(rows: readonly ColdRow[]): void {
  console.log(`${'cold (fresh process each; ms, median [p25–p75])'.padEnd(58)}${'figure'.padStart(22)}  target`);
  for (const { what, s, limit } of rows) {
    const verdict = limit === undefined ? '' : `≤ ${limit}: ${s.median <= limit ? 'met' : 'MISSED'}`;
    console.log(`${what.padEnd(58)}${fmtSpread(s, 1).padStart(22)}  ${verdict}`);
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-cold-'));
  try {
    const small = join(dir, 'small.wasm');
    writeFileSync(small, await witComponent(BENCH_WIT, 'bench', BENCH_CORE));
    const cli = join(repoRoot, 'bin/kumiki.js');
    const rows = sampleCold([
      ["import('kumiki') (dist/bundle)", () => importMs('kumiki'), 25],
      ["import('kumiki/runtime') (dist/bundle)", () => importMs('kumiki/runtime'), 10],
      ['import dist/src/index.js (unbundled, before)', () => importMs('./dist/src/index.js')],
      ['import dist/src/runtime/transpiled.js (unbundled)', () => importMs('./dist/src/runtime/transpiled.js')],
      ['kumiki validate small.wasm (end to end)', () => processMs([cli, 'validate', small]), 150],
      ['node -e 0 (process floor)', () => processMs(['-e', '0'])],
      ['node --experimental-wasm-extended-const -e 0 (re-exec cost)', () => processMs(['--experimental-wasm-extended-const', '-e', '0'])],
    ]);
    console.log(`(${N} fresh processes per row, Node ${process.versions.node}; bin/kumiki.js sets Node 20's wasm flag with v8.setFlagsFromString, no re-exec)`);
    printCold(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
