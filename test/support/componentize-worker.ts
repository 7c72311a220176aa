// Child process that builds one JS guest component (run by componentize.ts; kept out of the test process because
// ComponentizeJS blocks its event loop in spawnSync(wizer) for ~40 s and needs a global preview2-shim preopen).
// argv[2]: a JSON `WorkerJob`. Writes the component to `job.out` (via a temp file + rename, so readers never see a
// partial file) and prints `{ "ms": <build time> }` on stdout.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface WorkerJob {
  readonly backend: 'starlingmonkey' | 'quickjs';
  readonly sourcePath: string;
  readonly witPath: string;
  readonly world: string;
  readonly out: string;
  /** componentize-qjs only: its default build (component-model async ABI) instead of `sync`. */
  readonly async?: boolean;
}

/** ComponentizeJS's feature names; disabling all (jco's `--disable all`) gives a component with no WASI imports. */
const ALL_FEATURES = ['clocks', 'http', 'random', 'stdio', 'fetch-event'] as const;

interface CjsModule {
  componentize(source: string, opts: Record<string, unknown>): Promise<{ component: Uint8Array }>;
}
interface QjsModule {
  componentize(opts: Record<string, unknown>): Promise<{ component: Uint8Array }>;
}

async function buildStarlingMonkey(job: WorkerJob, source: string): Promise<Uint8Array> {
  // jco 1.35 / ComponentizeJS read the WIT path through a jco-transpiled splicer on preview2-shim's filesystem,
  // whose preopen list starts empty: without this the WIT file is "not found".
  const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
  fs._setPreopens({ '/': '/' });
  const cjs = (await import('@bytecodealliance/componentize-js')) as unknown as CjsModule;
  const r = await cjs.componentize(source, {
    sourceName: basename(job.sourcePath),
    witPath: job.witPath,
    worldName: job.world,
    disableFeatures: [...ALL_FEATURES],
    enableFeatures: [],
  });
  return r.component;
}

async function buildQuickJs(job: WorkerJob, source: string): Promise<Uint8Array> {
  const qjs = (await import('componentize-qjs')) as unknown as QjsModule;
  // jco's `--backend-qjs-disable-async --backend-qjs-stub-wasi` map to `sync` and `stubWasi`.
  const r = await qjs.componentize({ witPath: job.witPath, jsSource: source, jsPath: job.sourcePath, world: job.world, sync: job.async !== true, stubWasi: true });
  return r.component;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  const source = readFileSync(job.sourcePath, 'utf8');
  const t0 = performance.now();
  const bytes = job.backend === 'starlingmonkey' ? await buildStarlingMonkey(job, source) : await buildQuickJs(job, source);
  const ms = performance.now() - t0;
  const tmp = `${job.out}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, job.out);
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
}

await main();
