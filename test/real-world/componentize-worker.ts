// Child process that builds a JS guest with ComponentizeJS's default features (WASI imports enabled, unlike
// test/support's worker, which disables them all). argv[2]: JSON { sourcePath, witPath, world, out }.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Job { readonly sourcePath: string; readonly witPath: string; readonly world: string; readonly out: string }
interface CjsModule { componentize(source: string, opts: Record<string, unknown>): Promise<{ component: Uint8Array }> }

const job = JSON.parse(process.argv[2] ?? '') as Job;
// ComponentizeJS reads the WIT path through preview2-shim's filesystem, whose preopen list starts empty.
const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
fs._setPreopens({ '/': '/' });
const cjs = (await import('@bytecodealliance/componentize-js')) as unknown as CjsModule;
const t0 = performance.now();
const r = await cjs.componentize(readFileSync(job.sourcePath, 'utf8'), { sourceName: basename(job.sourcePath), witPath: job.witPath, worldName: job.world });
const tmp = `${job.out}.${process.pid}.tmp`;
writeFileSync(tmp, r.component);
renameSync(tmp, job.out);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
