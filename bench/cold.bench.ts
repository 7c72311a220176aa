// Cold start (issue 16): what a CLI call, a serverless function or a fresh worker pays before kumiki does anything.
// Each sample is a fresh Node process (the module cache, V8's code cache and the loader all start empty), so one
// figure is the median of `N` processes, with its p25–p75; the contenders alternate process by process so that load
// from other cores hits them alike. `import()` times are taken inside the child (performance.now around the import);
// the CLI is timed end to end from the parent (spawn to exit), with a bare `node -e 0` beside it as the floor. The
// CPU time each run used is printed too: on a shared machine wall time swings with other processes' load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../test/support/build.js';
import { fmtSpread, spread, type Spread } from './timing.js';

const N = 15;

/** CPU ms (user + system, all threads) of the last importMs call: steadier than wall time on a loaded machine. */
const cpuOf = new Map<string, number[]>();

/** ms to import `specifier` in a fresh process (resolved from the repo root, as an installed package would be). */
function importMs(specifier: string): number {
  const code = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(specifier)});
const t = performance.now() - t0; const c = process.cpuUsage(c0); process.stdout.write(t + ' ' + (c.user + c.system) / 1000);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`importing ${specifier} failed: ${r.stderr}`);
  const [wall, cpu] = r.stdout.split(' ').map(Number) as [number, number];
  cpuOf.set(specifier, [...(cpuOf.get(specifier) ?? []), cpu]);
  return wall;
}

/** Preloaded into timed processes: prints the process's CPU ms (user + system) to stderr at exit. */
const CPU_AT_EXIT = `data:text/javascript,process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write('\\ncpu ' + (c.user + c.system) / 1000); });`;

/** ms from spawn to exit of `node args` (the exit code must be 0); its CPU time is recorded under `label`. */
function processMs(label: string, args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { cwd: repoRoot, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  const cpu = Number(/cpu ([\d.]+)$/.exec(r.stderr)?.[1]);
  cpuOf.set(label, [...(cpuOf.get(label) ?? []), cpu]);
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
      // What a transpiled async component imports besides kumiki/runtime (it loaded all of `lib` until session 8).
      ["import('kumiki/runtime/async') (dist/bundle)", () => importMs('kumiki/runtime/async')],
      ['import dist/src/index.js (unbundled, before)', () => importMs('./dist/src/index.js')],
      ['import dist/src/entries/transpiled.js (unbundled)', () => importMs('./dist/src/entries/transpiled.js')],
      ['kumiki validate small.wasm (end to end)', () => processMs('kumiki validate small.wasm', [cli, 'validate', small]), 150],
      ['node -e 0 (process floor)', () => processMs('node -e 0', ['-e', '0'])],
      ['node --experimental-wasm-extended-const -e 0 (re-exec cost)', () => processMs('node --experimental-wasm-extended-const -e 0', ['--experimental-wasm-extended-const', '-e', '0'])],
    ]);
    console.log(`(${N} fresh processes per row, Node ${process.versions.node}; bin/kumiki.js sets Node 20's wasm flag with v8.setFlagsFromString, no re-exec)`);
    printCold(rows);
    console.log('CPU time of the same runs (user + system, all threads; ms, median [p25–p75]; less sensitive to load from other processes):');
    for (const [specifier, xs] of cpuOf) console.log(`  ${specifier.padEnd(56)}${fmtSpread(spread(xs), 1).padStart(22)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
