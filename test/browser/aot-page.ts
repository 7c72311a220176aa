// The code that runs a `kumiki transpile` module in the page AND in Node on the same job, so the results can be
// compared exactly (with each other and with the JIT). Only relative imports of browser-safe files; the generated
// module and its runtime (`kumiki/runtime`: ES modules or a bundle) are loaded by URL in the page.
import type { Exports, Imports } from '../../src/entries/component.js';
import { decode, encode, type Wire } from './codec.js';
import { hostImports, type CallSpec, type HostSpec } from './page.js';

/** How a job gets a fresh instance: the transpiled module's `instantiate`, or the JIT's. */
export type Instantiate = (imports: Imports) => Promise<Exports>;

/** The error classes a thrown error is checked against (`kumiki/runtime` exports them, as does `kumiki`). */
export interface RuntimeClasses {
  readonly Trap: abstract new (...a: never[]) => Error;
  readonly ComponentError: abstract new (...a: never[]) => Error;
  readonly LinkError: abstract new (...a: never[]) => Error;
}

export interface AotJob {
  readonly host?: HostSpec;
  /** Each session runs on a fresh instance, its calls in order (so a trap poisons the rest of its session). */
  readonly sessions: readonly (readonly CallSpec[])[];
  /** Also run the resources scenario (host imports of its own). */
  readonly resources?: boolean;
}

export interface AotResult {
  /** The exports' shape (names, functions, classes and their methods) of the first instance. */
  readonly shape: Wire;
  /** One outcome per call, sessions in order, then the resources scenario's steps. */
  readonly results: readonly Wire[];
}

/** An error is named by the runtime class it is an instance of (so the page checks `instanceof` against the
 *  runtime the generated module imported, whatever a bundler named the class), else TypeError or RangeError (the
 *  argument errors' base classes), else by its constructor. */
function encodeError(e: unknown, rt: RuntimeClasses): Wire {
  const err = e instanceof Error ? e : new Error(String(e));
  const w = encode(err) as Extract<Wire, { $: 'error' }>;
  const name = (['Trap', 'ComponentError', 'LinkError'] as const).find((c) => e instanceof rt[c])
    ?? (e instanceof TypeError ? 'TypeError' : e instanceof RangeError ? 'RangeError' : w.name);
  return { ...w, name };
}

function outcome(f: () => unknown, rt: RuntimeClasses): Wire {
  try {
    return encode(f());
  } catch (e) {
    return encodeError(e, rt);
  }
}

/** Names, functions and classes (with their prototype's methods) of an exports tree. */
export function shape(x: unknown): Wire {
  if (typeof x === 'function') {
    const members = Object.getOwnPropertyNames((x as { prototype?: object }).prototype ?? {}).filter((n) => n !== 'constructor').sort();
    const statics = Object.getOwnPropertyNames(x).filter((n) => !['length', 'name', 'prototype', 'arguments', 'caller'].includes(n)).sort();
    return members.length === 0 && statics.length === 0 ? 'function' : `class ${x.name} { ${[...statics.map((s) => `static ${s}`), ...members].join(', ')} }`;
  }
  if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x)) {
    return { $: 'object', v: Object.fromEntries(Object.keys(x).sort().map((k) => [k, shape((x as Record<string, unknown>)[k])])) };
  }
  return encode(x);
}

type Api = Record<string, any>;
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');

/** The resources fixture's host side (test/resources/fixture.ts): a `Blob` class that counts disposals. */
function resourceHost(log: { disposed: number; callback?: () => void }): { imports: Imports; Blob: new (n: number) => { n: number } } {
  class Blob {
    constructor(readonly n: number) {}
    size(): number { return this.n; }
    static total(): number { return 42; }
    [DISPOSE](): void { log.disposed++; }
  }
  return { imports: { 'kumiki:res/host': { Blob, callback: () => log.callback?.(), echo: (b: unknown) => b } } as Imports, Blob };
}

/** The resources fixture (test/resources/fixture.ts) step by step: guest and host classes, own moves, borrows,
 *  destructors, disposal, use after move (TypeError naming function and parameter), a leaked borrow and a bad
 *  handle (Trap, then the instance is poisoned), reentrance through a host import (Trap). */
async function resourceScenario(instantiate: Instantiate, rt: RuntimeClasses): Promise<Wire[]> {
  const out: Wire[] = [];
  const step = (f: () => unknown): void => void out.push(outcome(f, rt));
  const engine = async (): Promise<{ api: Api; log: { disposed: number; callback?: () => void }; Blob: new (n: number) => { n: number } }> => {
    const log: { disposed: number; callback?: () => void } = { disposed: 0 };
    const { imports, Blob } = resourceHost(log);
    return { api: (await instantiate(imports)).api as Api, log, Blob };
  };

  const { api, log, Blob } = await engine();
  const k = new api.Counter(5);
  step(() => k instanceof api.Counter);
  step(() => k.get());
  step(() => k.inc());
  step(() => [k.get(), api.peek(k)]);
  const m = api.Counter.make(9);
  step(() => [m.get(), api.consume(m), api.dtors()]);
  step(() => [api.useBlob(7), log.disposed]);
  step(() => [api.blobSize(new Blob(4)), log.disposed]);
  step(() => [api.takeBlob(new Blob(5)), log.disposed]);
  const mb = api.makeBlob(6);
  step(() => [mb instanceof Blob, mb.n, api.blobTotal()]);
  const b8 = new Blob(8);
  step(() => api.passThrough(b8) === b8);
  step(() => { k[DISPOSE](); return api.dtors(); });
  step(() => m.get());
  step(() => api.consume(m));
  step(() => api.consume(new Blob(1)));
  step(() => api.blobSize({ n: 1 }));
  step(() => new api.Counter(3).get());
  step(() => api.leakBorrow(new Blob(3)));
  step(() => api.dtors());
  step(() => api.badHandle());

  const b = await engine();
  step(() => b.api.badHandle());
  const c = await engine();
  c.log.callback = () => c.api.dtors();
  step(() => c.api.reenter());
  step(() => c.api.dtors());
  return out;
}

/** Runs `job`: each session on a fresh instance, then the resources scenario. */
export async function runAotJob(instantiate: Instantiate, rt: RuntimeClasses, job: AotJob): Promise<AotResult> {
  const results: Wire[] = [];
  const imports = (): Imports => (job.resources === true ? resourceHost({ disposed: 0 }).imports : hostImports(job.host));
  const first = await instantiate(imports());
  for (const [i, session] of job.sessions.entries()) {
    const exports = i === 0 ? first : await instantiate(imports());
    for (const call of session) {
      results.push(outcome(() => {
        let target: unknown = exports;
        for (const key of call.path) target = (target as Record<string, unknown>)[key];
        if (typeof target !== 'function') throw new TypeError(`no export ${call.path.join('.')}`);
        return (target as (...a: unknown[]) => unknown)(...call.args.map(decode));
      }, rt));
    }
  }
  if (job.resources === true) results.push(...await resourceScenario(instantiate, rt));
  return { shape: shape(first), results };
}

/** What `new Function` and indirect `eval` throw here (`'allowed'` where they run). */
export function evalProbe(): { fn: string; eval: string } {
  const probe = (f: () => unknown): string => { try { f(); return 'allowed'; } catch (e) { return (e as Error).name; } };
  return { fn: probe(() => new Function('return 1')), eval: probe(() => (0, eval)('1')) };
}

/** CSP violations reported in this page since `watchViolations` (the page's `securitypolicyviolation` events). */
const violations: string[] = [];
let watching = false;
export function watchViolations(): readonly string[] {
  if (!watching) {
    watching = true;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  }
  return violations;
}

/** In the page: wraps `WebAssembly.compileStreaming` once to record which URLs it compiled. */
const streamed: string[] = [];
function recordStreaming(): void {
  const w = WebAssembly as { compileStreaming: typeof WebAssembly.compileStreaming; __recorded?: true } & typeof WebAssembly;
  if (w.__recorded === true) return;
  const original = w.compileStreaming.bind(WebAssembly);
  w.compileStreaming = async (source) => {
    const res = await source;
    streamed.push(new URL(res.url).pathname);
    return original(res);
  };
  w.__recorded = true;
}

/** The page side: imports the generated module and its runtime by URL, runs `job` with the module's default
 *  loader (fetch + compileStreaming), and reports which core modules it compiled by streaming. */
export async function runInPage(moduleUrl: string, runtimeUrl: string, job: AotJob): Promise<AotResult & { coreModules: readonly string[]; streamed: readonly string[] }> {
  recordStreaming();
  const before = streamed.length;
  const mod = (await import(moduleUrl)) as { instantiate(imports: Imports): Promise<Exports>; coreModules: readonly string[] };
  const rt = (await import(runtimeUrl)) as RuntimeClasses;
  const r = await runAotJob((imports) => mod.instantiate(imports), rt, job);
  const coreModules = mod.coreModules.map((f) => new URL(f, new URL(moduleUrl, location.href)).pathname);
  return { ...r, coreModules, streamed: streamed.slice(before) };
}
