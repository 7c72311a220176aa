// An async JS guest (issue #12): test/fixtures/async-guest/ built from source by componentize-qjs's default build
// (the component-model async ABI: async lifts with callbacks, stream/future built-ins, task.return), cached by hash
// under .cache/componentize/, run by kumiki in codegen, interp and AOT modes with the outcomes jco gives. jco runs
// async components only with JSPI: where this Node has it, jco's transpiled module is run live as the oracle;
// elsewhere (Node 20, 22) the outcomes are compared with the ones jco 1.35 gave on Node 24.22 (EXPECTED).
// componentize-qjs 0.4.5 cannot build an async *import* (its Wizer step's linker rejects the async type:
// "instance export `double` has the wrong type: type mismatch with async"), so the import is a sync function.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile as jcoTranspile } from '@bytecodealliance/jco';
import { Component } from '../../src/index.js';
import { repoRoot } from '../support/build.js';
import { componentizeJs, enableExtendedConst, type JsGuestBuild } from '../support/componentize.js';
import { transpileAndImport } from '../support/wast-run-aot.js';

const GUEST = {
  sourcePath: join(repoRoot, 'test/fixtures/async-guest/guest.js'),
  witPath: join(repoRoot, 'test/fixtures/async-guest/async.wit'),
  world: 'asyncguest',
  async: true,
} as const;

type Api = Record<string, (...a: unknown[]) => unknown>;
const IMPORTS = { 'kumiki:asyncguest/host': { double: (x: number) => x * 2 } };

/** A case's outcome as plain data: its value, or its error's class, message and payload. */
type Outcome = { value: unknown } | { error: string; payload?: unknown };

async function bytesOf(s: unknown): Promise<number[]> {
  const out: number[] = [];
  for await (const c of s as AsyncIterable<Uint8Array>) out.push(...c);
  return out;
}

/** Each case on a fresh instance (a trap poisons the instance it happened in, in both engines). */
const CASES: Record<string, (x: Api) => Promise<unknown>> = {
  greet: (x) => x.greet!('Zoë 😀') as Promise<unknown>,
  viaHost: (x) => x.viaHost!(20) as Promise<unknown>,
  sumBytes: (x) => x.sumBytes!(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.enqueue(new Uint8Array([4])); c.close(); } })) as Promise<unknown>,
  countUp: async (x) => bytesOf(await x.countUp!(5)),
  countUpNone: async (x) => bytesOf(await x.countUp!(0)),
  safeDiv: (x) => x.safeDiv!(7, 2) as Promise<unknown>,
  safeDivByZero: (x) => x.safeDiv!(1, 0) as Promise<unknown>,
  syncAdd: async (x) => x.syncAdd!(1, 2),
  // The guest traps reading a future JS passed (componentize-qjs), under jco as under kumiki.
  plusOne: (x) => x.plusOne!(Promise.resolve(41)) as Promise<unknown>,
};

/** What jco 1.35 (asyncMode jspi, Node 24.22) gives, recorded; the error classes are the engines' own. */
const EXPECTED: Record<string, Outcome> = {
  greet: { value: 'Hello, Zoë 😀!' },
  viaHost: { value: 41 },
  sumBytes: { value: 10 },
  countUp: { value: [0, 1, 2, 3, 4] },
  countUpNone: { value: [] },
  safeDiv: { value: 3 },
  safeDivByZero: { error: 'ComponentError', payload: 'division by zero' },
  syncAdd: { value: 3 },
  plusOne: { error: 'trap' },
};

async function outcome(f: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await f() };
  } catch (e) {
    const err = e as Error & { payload?: unknown };
    // A trap: kumiki's Trap and jco's RuntimeError ("wasm trap: ...") are both WebAssembly.RuntimeErrors.
    if (e instanceof WebAssembly.RuntimeError) return { error: 'trap' };
    return { error: err.constructor.name, ...('payload' in err ? { payload: err.payload } : {}) };
  }
}

async function outcomes(make: () => Promise<Api>): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const [name, run] of Object.entries(CASES)) out[name] = await outcome(async () => run(await make()));
  return out;
}

/** jco's transpile of the guest (asyncMode jspi, async instantiation), cached by hash; needs JSPI to run. */
async function jcoModule(bytes: Uint8Array): Promise<() => Promise<Api>> {
  const dir = join(repoRoot, '.cache', 'jco-async', createHash('sha256').update(bytes).digest('hex').slice(0, 20));
  if (!existsSync(join(dir, 'guest.js'))) {
    const { files } = await jcoTranspile(bytes, { name: 'guest', asyncMode: 'jspi', asyncExports: ['*'], instantiation: 'async', noTypescript: true, quiet: true } as never) as { files: Record<string, Uint8Array> };
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      if (name !== 'guest.js') writeFileSync(join(dir, name), data);
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'guest.js'), files['guest.js']!);
  }
  const m = await import(pathToFileURL(join(dir, 'guest.js')).href) as { instantiate(get: (p: string) => Promise<WebAssembly.Module>, imports: unknown): Promise<{ api: Api }> };
  return async () => (await m.instantiate((p) => WebAssembly.compile(readFileSync(join(dir, p))), IMPORTS)).api;
}

const JSPI = typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending === 'function';

describe('async JS guest built with componentize-qjs (component-model async ABI)', () => {
  let build: JsGuestBuild;
  let oracle: Record<string, Outcome>;

  before(async () => {
    assert.ok(enableExtendedConst(), 'this Node cannot enable extended-const');
    build = await componentizeJs('quickjs', GUEST);
    oracle = JSPI ? await outcomes(await jcoModule(build.bytes)) : EXPECTED;
  });

  it('builds (or comes from the cache) and uses the async ABI', async (t) => {
    t.diagnostic(`${build.bytes.length} bytes, ${build.built ? 'built' : 'cached'} in ${build.ms.toFixed(0)} ms; oracle: ${JSPI ? 'jco, live (JSPI)' : 'jco outcomes recorded on Node 24.22'}`);
    const c = await Component.compile(build.bytes);
    const x = c.instantiate(IMPORTS).exports as Record<string, Api>;
    assert.ok(x.api!.greet!('x') instanceof Promise, 'an async export returns a Promise');
    if (JSPI) assert.deepEqual(oracle, EXPECTED, 'jco gives what was recorded');
  });

  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    it(`${mode}: every case has jco's outcome`, async () => {
      let make: () => Promise<Api>;
      if (mode === 'aot') {
        const { module } = await transpileAndImport(build.bytes, 'js-guest-async', { name: 'guest' });
        make = async () => ((await module.instantiate(IMPORTS)) as Record<string, Api>).api!;
      } else {
        const c = await Component.compile(build.bytes, { mode });
        make = async () => (c.instantiate(IMPORTS).exports as Record<string, Api>).api!;
      }
      assert.deepEqual(await outcomes(make), oracle);
    });
  }
});
