// Harness for jco's P3 caller/callee scenarios (shared conformance jco-p3/, see its README): a component or a
// caller/callee pair instantiated in codegen, interp or AOT (kumiki transpile) mode, the pair either linked through
// JS (the callee's exports object given as the caller's imports, `fuse: false`: every value crosses as a JS value)
// or fused (`compose` into one component, `fuse: true`: sync calls and an async lower of an async lift copy their
// arguments memory to memory, counted by fuseStats; stream/future copies go memory to memory in both linkings).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Component, compose, UnsupportedError } from '../../src/index.js';
import type { Exports, Imports } from '../../src/entries/component.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { transpile } from '../../src/tools/transpile.js';
import { wasi } from '../../src/wasi/index.js';
import { repoRoot } from '../support/build.js';
import { SRC_RUNTIME } from '../support/wast-run-aot.js';

export const P3 = new URL('../../../../shared/conformance/jco-p3/', import.meta.url).pathname;
export const SKIP = !existsSync(P3) && `no corpus at ${P3}`;
/** Gates the P3 toolchains' output uses beyond the defaults (wasmparser's: cm-async on). */
export const FEATURES = ['cm-async-stackful', 'cm-more-async-builtins', 'cm-error-context'];
/** The jco-p3 programs are built by wit-bindgen before #1638 (README "sync-cancel-in-set"). */
const COMPAT = ['sync-cancel-in-set'] as const;
/** JSPI on this host (Node ≥ 24 has it on by default): blocking variants run; without it they must fail cleanly. */
export const JSPI = typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending === 'function';

export type Mode = 'codegen' | 'interp' | 'aot';
export const MODES: readonly Mode[] = ['codegen', 'interp', 'aot'];
export type Link = 'js' | 'fused';
export const LINKS: readonly Link[] = ['js', 'fused'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Api = Record<string, any>;

const bytesCache = new Map<string, Uint8Array>();
export function p3(file: string): Uint8Array {
  let b = bytesCache.get(file);
  if (b === undefined) bytesCache.set(file, (b = new Uint8Array(readFileSync(join(P3, file)))));
  return b;
}

/** WASI 0.2 (the programs import wasi:cli & co. from their Rust std; these scenarios do not use them): deny all. */
let wasiImports: Imports | undefined;
async function wasi02(): Promise<Imports> {
  return (wasiImports ??= (await wasi({ stdout: 'ignore', stderr: process.env.P3_STDERR ? 'inherit' : 'ignore' })) as Imports);
}

interface Compiled { instantiate(imports: Imports): Exports }
const compiled = new Map<string, Promise<Compiled>>();

/** Compiles once per (bytes, mode, fuse). */
function compile(bytes: Uint8Array, key: string, mode: Mode, fuse: boolean): Promise<Compiled> {
  const k = `${key}|${mode}|${fuse}`;
  let c = compiled.get(k);
  if (c === undefined) compiled.set(k, (c = compileNow(bytes, mode, fuse)));
  return c;
}

async function compileNow(bytes: Uint8Array, mode: Mode, fuse: boolean): Promise<Compiled> {
  if (mode !== 'aot') {
    const c = await Component.compile(bytes, { mode, fuse, features: FEATURES, compat: COMPAT });
    return { instantiate: (imports) => c.instantiate(imports).exports };
  }
  return compileAot(bytes, fuse);
}

/** The async runtime with the compatibility option, for transpiled modules (transpile's `asyncRuntime`). */
function compatRuntime(): string {
  const dir = join(repoRoot, '.cache', 'aot', 'jco-p3');
  const from = pathToFileURL(join(repoRoot, 'dist/src/entries/async.js')).href;
  const text = `import { asyncRuntime as base } from ${JSON.stringify(from)};\nexport const asyncRuntime = base.withCompat(${JSON.stringify(COMPAT)});\n`;
  // Named by its text: a cache copied from another checkout must not load that checkout's runtime.
  const file = join(dir, `async-compat-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.js`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
  return pathToFileURL(file).href;
}

interface TranspiledModule {
  instantiateSync(imports: Imports | undefined, modules: readonly WebAssembly.Module[]): Exports;
  readonly coreModules: readonly string[];
}

async function compileAot(bytes: Uint8Array, fuse: boolean): Promise<Compiled> {
  const { files } = transpile(bytes, { name: 'p3', features: FEATURES, fuse, runtime: SRC_RUNTIME, asyncRuntime: compatRuntime() });
  const h = createHash('sha256');
  for (const [f, data] of files) h.update(f).update('\0').update(data).update('\0');
  const dir = join(repoRoot, '.cache', 'aot', 'jco-p3', h.digest('hex').slice(0, 20));
  if (!existsSync(join(dir, 'p3.js'))) {
    mkdirSync(dir, { recursive: true });
    for (const [f, data] of files) if (f !== 'p3.js') writeFileSync(join(dir, f), data);
    writeFileSync(join(dir, 'p3.js'), files.get('p3.js')!);
  }
  const module = (await import(pathToFileURL(join(dir, 'p3.js')).href)) as TranspiledModule;
  const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
  return { instantiate: (imports) => module.instantiateSync(imports, modules) };
}

/** One component with host imports (WASI 0.2 added). */
export async function single(file: string, mode: Mode, imports: Imports = {}): Promise<Api> {
  const c = await compile(p3(file), file, mode, true);
  return c.instantiate({ ...(await wasi02()), ...imports }) as Api;
}

export interface Pair { readonly api: Api; readonly fused: number }

/**
 * `caller` with its imports `linked` (interface names) satisfied by `callee`'s exports of the same names; the other
 * imports of both from `imports` (+ WASI 0.2). `js`: two instances, the callee's exports object as the caller's
 * imports, no fused adapters. `fused`: composed into one component (kumiki compose), run with fused adapters.
 */
export async function pair(caller: string, callee: string, linked: readonly string[], link: Link, mode: Mode, imports: Imports = {}): Promise<Pair> {
  const host = { ...(await wasi02()), ...imports };
  const before = fuseStats.fused;
  if (link === 'js') {
    const ce = (await compile(p3(callee), callee, mode, false)).instantiate(host) as Api;
    const fromCallee: Imports = {};
    for (const name of linked) {
      if (ce[name] === undefined) throw new Error(`${callee} exports no ${name}`);
      fromCallee[name] = ce[name];
    }
    const api = (await compile(p3(caller), caller, mode, false)).instantiate({ ...host, ...fromCallee }) as Api;
    return { api, fused: fuseStats.fused - before };
  }
  const key = `compose:${caller}+${callee}`;
  const bytes = composed(key, caller, callee, linked);
  const api = (await compile(bytes, key, mode, true)).instantiate(host) as Api;
  return { api, fused: fuseStats.fused - before };
}

const composedCache = new Map<string, Uint8Array>();
function composed(key: string, caller: string, callee: string, linked: readonly string[]): Uint8Array {
  let b = composedCache.get(key);
  if (b === undefined) {
    b = compose({
      components: { caller: p3(caller), callee: p3(callee) },
      main: 'caller',
      links: linked.map((name) => ({ to: 'caller', import: name, from: 'callee', export: name })),
    });
    composedCache.set(key, b);
  }
  return b;
}

/** A blocking variant without JSPI: must reject with the JSPI UnsupportedError (never hang, never a wrong value). */
export function isJspiError(e: unknown): boolean {
  return e instanceof UnsupportedError && /JSPI/.test(e.message);
}

/** Resolves after `n` macrotask turns (a host function that is not done at once, like wasmtime's yield_times). */
export async function yieldTimes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** A JS wait on guest work, bounded: a hang fails the test (a guest that trapped after returning, or a blocked task,
 *  leaves its calls and streams unfinished). */
export async function bounded<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { t = setTimeout(() => reject(new Error(`no answer in ${ms} ms (a hang)`)), ms); })]);
  } finally {
    clearTimeout(t);
  }
}
