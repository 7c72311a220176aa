// Child process that builds a JS guest with ComponentizeJS's default features (WASI imports enabled, unlike
// test/support's worker, which disables them all), or componentize-qjs with real WASI imports.
// argv[2]: JSON { backend, sourcePath, witPath, world, out }.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Job { readonly backend: 'starlingmonkey' | 'quickjs'; readonly sourcePath: string; readonly witPath: string; readonly world: string; readonly out: string }
interface QjsModule { componentize(opts: Record<string, unknown>): Promise<{ component: Uint8Array }> }
interface CjsModule { componentize(source: string, opts: Record<string, unknown>): Promise<{ component: Uint8Array }> }

const job = JSON.parse(process.argv[2] ?? '') as Job;
const source = readFileSync(job.sourcePath, 'utf8');
const t0 = performance.now();
let component: Uint8Array;
if (job.backend === 'quickjs') {
  // componentize-qjs with its real WASI imports (not --stub-wasi), sync ABI.
  const qjs = (await import('componentize-qjs')) as unknown as QjsModule;
  component = (await qjs.componentize({ witPath: job.witPath, jsSource: source, jsPath: job.sourcePath, world: job.world, sync: true })).component;
} else {
  // ComponentizeJS reads the WIT path through preview2-shim's filesystem, whose preopen list starts empty.
  const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
  fs._setPreopens({ '/': '/' });
  const cjs = (await import('@bytecodealliance/componentize-js')) as unknown as CjsModule;
  component = (await cjs.componentize(source, { sourceName: basename(job.sourcePath), witPath: job.witPath, worldName: job.world })).component;
}
const tmp = `${job.out}.${process.pid}.tmp`;
writeFileSync(tmp, component);
renameSync(tmp, job.out);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
