// JS guests made into real components: ComponentizeJS (StarlingMonkey, all features disabled: ~12 MB, no imports)
// and componentize-qjs (QuickJS, sync ABI, WASI stubbed: a composition of ~25 nested components).
// Builds are slow (StarlingMonkey ~45 s), so they run in a child process (componentize-worker.ts) and are cached
// under `.cache/componentize/<sha256 of inputs + tool versions>.wasm`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import v8 from 'node:v8';
import { repoRoot } from './build.js';
import type { WorkerJob } from './componentize-worker.js';

export type JsBackend = WorkerJob['backend'];
export const JS_BACKENDS: readonly JsBackend[] = ['starlingmonkey', 'quickjs'];

/** The fixture guest: every value type and a resource (test/fixtures/componentize/). */
export const JS_GUEST = {
  sourcePath: join(repoRoot, 'test/fixtures/componentize/guest.js'),
  witPath: join(repoRoot, 'test/fixtures/componentize/fixture.wit'),
  world: 'jsguest',
} as const;

export interface JsGuestSpec {
  readonly sourcePath: string;
  readonly witPath: string;
  readonly world: string;
  /** componentize-qjs's default, component-model async build (otherwise `sync`). */
  readonly async?: boolean;
}

export interface JsGuestBuild {
  readonly backend: JsBackend;
  readonly bytes: Uint8Array;
  readonly file: string;
  /** False when the component came from the cache. */
  readonly built: boolean;
  /** Time to obtain the bytes (build in the child, or cache read), ms. */
  readonly ms: number;
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The cache key: every input file's bytes and every tool version that shapes the output. */
function cacheKey(backend: JsBackend, spec: JsGuestSpec): string {
  const h = createHash('sha256');
  for (const part of [
    'kumiki-componentize-v1', backend, spec.world, ...(spec.async === true ? ['async'] : []),
    packageVersion('@bytecodealliance/componentize-js'), packageVersion('componentize-qjs'), packageVersion('@bytecodealliance/jco'),
  ]) h.update(`${part}\0`);
  h.update(readFileSync(spec.sourcePath)).update('\0').update(readFileSync(spec.witPath));
  return h.digest('hex');
}

function runWorker(job: WorkerJob): Promise<number> {
  const worker = join(repoRoot, 'dist/test/support/componentize-worker.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, JSON.stringify(job)], { cwd: repoRoot, maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${job.backend} componentize failed (${err.message.split('\n')[0]}):\n${stderr}`));
      try { resolve((JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ms: number }).ms); } catch {
        reject(new Error(`${job.backend} componentize worker printed no timing:\n${stdout}\n${stderr}`));
      }
    });
  });
}

const pending = new Map<string, Promise<JsGuestBuild>>();

/** Builds (or reads from the cache) the component for `spec` with `backend`. */
export function componentizeJs(backend: JsBackend, spec: JsGuestSpec = JS_GUEST): Promise<JsGuestBuild> {
  const dir = join(repoRoot, '.cache', 'componentize');
  const file = join(dir, `${cacheKey(backend, spec)}.wasm`);
  let p = pending.get(file);
  if (p === undefined) {
    p = (async (): Promise<JsGuestBuild> => {
      const t0 = performance.now();
      if (existsSync(file)) return { backend, file, built: false, bytes: new Uint8Array(readFileSync(file)), ms: performance.now() - t0 };
      mkdirSync(dir, { recursive: true });
      const ms = await runWorker({ backend, ...spec, out: file });
      return { backend, file, built: true, bytes: new Uint8Array(readFileSync(file)), ms };
    })();
    pending.set(file, p);
  }
  return p;
}

/** A module using `i32.add` in a global initialiser (extended-const), as the QuickJS build's modules do. */
const EXTENDED_CONST_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, // magic, version
  6, 9, 1, 127, 0, 65, 1, 65, 2, 106, 11, // global section: (global i32 (i32.add (i32.const 1) (i32.const 2)))
]);

/**
 * Node 20's V8 gates extended-const behind `--experimental-wasm-extended-const`; the QuickJS build needs it to
 * compile (building does not: componentize-qjs is native). Turning the flag on at run time works as long as it
 * precedes the compile. Returns whether the host now accepts extended-const.
 */
export function enableExtendedConst(): boolean {
  if (WebAssembly.validate(EXTENDED_CONST_PROBE)) return true;
  v8.setFlagsFromString('--experimental-wasm-extended-const');
  return WebAssembly.validate(EXTENDED_CONST_PROBE);
}
